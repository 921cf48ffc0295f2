import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Lithic's remaining card and account properties, and room for the PENDING_ states of physical cards. */
export class CardAndAccountProperties1796050000000 implements MigrationInterface {
  name = 'CardAndAccountProperties1796050000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE "cards" ALTER COLUMN "state" TYPE character varying(24)');
    await runner.query('ALTER TABLE "cards" ADD "substatus" character varying(32)');
    await runner.query('ALTER TABLE "cards" ADD "comment" text');
    await runner.query('ALTER TABLE "cards" ADD "reissues" integer NOT NULL DEFAULT \'0\'');
    await runner.query('ALTER TABLE "cards" ADD "pin_hash" text');
    await runner.query('ALTER TABLE "cards" ADD "digital_card_art_token" uuid');
    await runner.query('ALTER TABLE "cards" ADD "network_program_token" uuid');
    await runner.query('ALTER TABLE "cards" ADD "product_id" text');
    await runner.query('ALTER TABLE "cards" ADD "replacement_for" uuid');
    await runner.query('ALTER TABLE "cards" ADD "bulk_order_token" uuid');
    await runner.query('ALTER TABLE "cards" ADD "fulfilment" jsonb');
    await runner.query('ALTER TABLE "accounts" ADD "substatus" character varying(32)');
    await runner.query('ALTER TABLE "accounts" ADD "comment" text');
    await runner.query('ALTER TABLE "accounts" ADD "verification_address" jsonb');
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const column of ['verification_address', 'comment', 'substatus']) {
      await runner.query(`ALTER TABLE "accounts" DROP COLUMN "${column}"`);
    }
    for (const column of [
      'fulfilment',
      'bulk_order_token',
      'replacement_for',
      'product_id',
      'network_program_token',
      'digital_card_art_token',
      'pin_hash',
      'reissues',
      'comment',
      'substatus',
    ]) {
      await runner.query(`ALTER TABLE "cards" DROP COLUMN "${column}"`);
    }
    await runner.query('ALTER TABLE "cards" ALTER COLUMN "state" TYPE character varying(16)');
  }
}
