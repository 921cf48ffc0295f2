import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Privacy.com's API on the same data: funding sources, the API a card or charge came through, Privacy-format webhooks. */
export class PrivacyApi1796065060802 implements MigrationInterface {
  name = 'PrivacyApi1796065060802';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "funding_sources" ("account_token" uuid NOT NULL, "token" uuid NOT NULL, "type" character varying(24) NOT NULL, "state" character varying(16) NOT NULL, "account_name" character varying(255) NOT NULL, "nickname" character varying(255) NOT NULL DEFAULT \'\', "last_four" character varying(4) NOT NULL, "routing_number" character varying(9), "created" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d43a283a9353249bc2f8b1f4108" PRIMARY KEY ("token"))',
    );
    await runner.query(
      'CREATE INDEX "funding_sources_account" ON "funding_sources"  ("account_token", "created", "token") ',
    );
    await runner.query('ALTER TABLE "cards" ADD "api" character varying(8) NOT NULL DEFAULT \'LITHIC\'');
    await runner.query('ALTER TABLE "cards" ADD "funding_token" uuid');
    await runner.query(
      'ALTER TABLE "event_subscriptions" ADD "format" character varying(8) NOT NULL DEFAULT \'LITHIC\'',
    );
    await runner.query(
      'ALTER TABLE "transactions" ADD "api" character varying(8) NOT NULL DEFAULT \'LITHIC\'',
    );
    await runner.query(
      'ALTER TABLE "funding_sources" ADD CONSTRAINT "FK_f6deb29d455bac1b162407fc57c" FOREIGN KEY ("account_token") REFERENCES "accounts"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE "funding_sources" DROP CONSTRAINT "FK_f6deb29d455bac1b162407fc57c"');
    await runner.query('ALTER TABLE "transactions" DROP COLUMN "api"');
    await runner.query('ALTER TABLE "event_subscriptions" DROP COLUMN "format"');
    await runner.query('ALTER TABLE "cards" DROP COLUMN "funding_token"');
    await runner.query('ALTER TABLE "cards" DROP COLUMN "api"');
    await runner.query('DROP INDEX "public"."funding_sources_account"');
    await runner.query('DROP TABLE "funding_sources"');
  }
}
