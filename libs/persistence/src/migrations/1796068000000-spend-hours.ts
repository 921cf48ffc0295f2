import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hour buckets under the day buckets of the spend counters: a window then sums the transactions of
 * its start's hour alone, not of its start's whole day (docs/semantics.md, spend counters).
 */
export class SpendHours1796068000000 implements MigrationInterface {
  name = 'SpendHours1796068000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "card_spend_hours" ("card_token" uuid NOT NULL, "hour" TIMESTAMP WITH TIME ZONE NOT NULL, "amount" bigint NOT NULL, CONSTRAINT "PK_5a1aac71bfb4949700ddf1a955c" PRIMARY KEY ("card_token", "hour"))',
    );
    await runner.query(
      'CREATE TABLE "account_spend_hours" ("account_token" uuid NOT NULL, "hour" TIMESTAMP WITH TIME ZONE NOT NULL, "stripe" smallint NOT NULL, "amount" bigint NOT NULL, CONSTRAINT "PK_37fcdfbb0d9f52f05b222bdca5d" PRIMARY KEY ("account_token", "hour", "stripe"))',
    );
    await runner.query(
      'ALTER TABLE "card_spend_hours" ADD CONSTRAINT "FK_cf7d272f25861843c1b0ab0e295" FOREIGN KEY ("card_token") REFERENCES "cards"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      'ALTER TABLE "account_spend_hours" ADD CONSTRAINT "FK_f3af03fcdd6d2aff6f121b5f4c1" FOREIGN KEY ("account_token") REFERENCES "accounts"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // Hour buckets for the history already there, as the write paths keep them from now on: approved
    // debits held or settled, per UTC hour of creation (the account's in 16 stripes by card).
    const counted = `SUM("pending_amount" + "settled_amount")`;
    const hour = `date_trunc('hour', "created" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;
    const stripe = `get_byte(uuid_send("card_token"), 15) % 16`;
    await runner.query(
      `INSERT INTO "card_spend_hours" ("card_token", "hour", "amount")
       SELECT "card_token", ${hour}, ${counted} FROM "transactions" WHERE "polarity" = 'DEBIT' GROUP BY 1, 2`,
    );
    await runner.query(
      `INSERT INTO "account_spend_hours" ("account_token", "hour", "stripe", "amount")
       SELECT "account_token", ${hour}, ${stripe}, ${counted} FROM "transactions" WHERE "polarity" = 'DEBIT' GROUP BY 1, 2, 3`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE "account_spend_hours" DROP CONSTRAINT "FK_f3af03fcdd6d2aff6f121b5f4c1"');
    await runner.query('ALTER TABLE "card_spend_hours" DROP CONSTRAINT "FK_cf7d272f25861843c1b0ab0e295"');
    await runner.query('DROP TABLE "account_spend_hours"');
    await runner.query('DROP TABLE "card_spend_hours"');
  }
}
