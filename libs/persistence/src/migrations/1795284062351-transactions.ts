import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Transactions1795284062351 implements MigrationInterface {
  name = 'Transactions1795284062351';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "transactions" ("token" uuid NOT NULL, "account_token" uuid NOT NULL, "card_token" uuid NOT NULL, "status" character varying(16) NOT NULL, "result" character varying(48) NOT NULL, "polarity" character varying(6) NOT NULL, "authorization_amount" bigint NOT NULL, "pending_amount" bigint NOT NULL, "settled_amount" bigint NOT NULL, "merchant_amount" bigint NOT NULL, "merchant_currency" character varying(3) NOT NULL, "descriptor" character varying(25) NOT NULL, "mcc" character varying(4) NOT NULL, "merchant_acceptor_id" character varying(15) NOT NULL, "merchant_city" character varying(13) NOT NULL, "merchant_state" character varying(3) NOT NULL, "merchant_country" character varying(3) NOT NULL, "partial_approval_capable" boolean NOT NULL, "authorization_code" character varying(6) NOT NULL, "network" character varying(16) NOT NULL, "created" TIMESTAMP WITH TIME ZONE NOT NULL, "updated" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d01658e8fde1da61321f23a21db" PRIMARY KEY ("token"))',
    );
    await runner.query(
      'CREATE INDEX "transactions_card_keyset" ON "transactions"  ("card_token", "created", "token") ',
    );
    await runner.query(
      'CREATE INDEX "transactions_account_keyset" ON "transactions"  ("account_token", "created", "token") ',
    );
    await runner.query(
      'CREATE TABLE "transaction_events" ("token" uuid NOT NULL, "transaction_token" uuid NOT NULL, "type" character varying(32) NOT NULL, "amount" bigint NOT NULL, "polarity" character varying(6) NOT NULL, "result" character varying(48) NOT NULL, "detailed_result" character varying(64) NOT NULL, "rule" character varying(32), "explanation" text, "created" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_16e0cab9bca1b18261b8f0202ec" PRIMARY KEY ("token"))',
    );
    await runner.query(
      'CREATE INDEX "transaction_events_by_transaction" ON "transaction_events"  ("transaction_token", "created") ',
    );
    await runner.query(
      'ALTER TABLE "transactions" ADD CONSTRAINT "FK_0b67e38e7500ce7924938583b03" FOREIGN KEY ("account_token") REFERENCES "accounts"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      'ALTER TABLE "transactions" ADD CONSTRAINT "FK_79b1a7d753b3f817022db102a47" FOREIGN KEY ("card_token") REFERENCES "cards"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      'ALTER TABLE "transaction_events" ADD CONSTRAINT "FK_f4c939e64c2d9f362bfd1cf351e" FOREIGN KEY ("transaction_token") REFERENCES "transactions"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE "transaction_events" DROP CONSTRAINT "FK_f4c939e64c2d9f362bfd1cf351e"');
    await runner.query('ALTER TABLE "transactions" DROP CONSTRAINT "FK_79b1a7d753b3f817022db102a47"');
    await runner.query('ALTER TABLE "transactions" DROP CONSTRAINT "FK_0b67e38e7500ce7924938583b03"');
    await runner.query('DROP INDEX "public"."transaction_events_by_transaction"');
    await runner.query('DROP TABLE "transaction_events"');
    await runner.query('DROP INDEX "public"."transactions_account_keyset"');
    await runner.query('DROP INDEX "public"."transactions_card_keyset"');
    await runner.query('DROP TABLE "transactions"');
  }
}
