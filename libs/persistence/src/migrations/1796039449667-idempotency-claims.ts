import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyClaims1796039449667 implements MigrationInterface {
  name = 'IdempotencyClaims1796039449667';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE "cards" ADD "idempotency_claim" uuid');
    await runner.query('ALTER TABLE "idempotency_keys" ADD "claim" uuid');
    // Keys stored before claims existed each get their own.
    await runner.query('UPDATE "idempotency_keys" SET "claim" = gen_random_uuid()');
    await runner.query('ALTER TABLE "idempotency_keys" ALTER COLUMN "claim" SET NOT NULL');
    await runner.query('ALTER TABLE "idempotency_keys" ADD "lease_expires" TIMESTAMP WITH TIME ZONE');
    await runner.query('ALTER TABLE "transactions" ADD "idempotency_claim" uuid');
    await runner.query('ALTER TABLE "transaction_events" ADD "idempotency_claim" uuid');
    await runner.query('CREATE UNIQUE INDEX "cards_idempotency_claim" ON "cards"  ("idempotency_claim") ');
    await runner.query(
      'CREATE UNIQUE INDEX "transactions_idempotency_claim" ON "transactions"  ("idempotency_claim") ',
    );
    await runner.query(
      'CREATE UNIQUE INDEX "transaction_events_idempotency_claim" ON "transaction_events"  ("idempotency_claim") ',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX "public"."transaction_events_idempotency_claim"');
    await runner.query('DROP INDEX "public"."transactions_idempotency_claim"');
    await runner.query('DROP INDEX "public"."cards_idempotency_claim"');
    await runner.query('ALTER TABLE "transaction_events" DROP COLUMN "idempotency_claim"');
    await runner.query('ALTER TABLE "transactions" DROP COLUMN "idempotency_claim"');
    await runner.query('ALTER TABLE "idempotency_keys" DROP COLUMN "lease_expires"');
    await runner.query('ALTER TABLE "idempotency_keys" DROP COLUMN "claim"');
    await runner.query('ALTER TABLE "cards" DROP COLUMN "idempotency_claim"');
  }
}
