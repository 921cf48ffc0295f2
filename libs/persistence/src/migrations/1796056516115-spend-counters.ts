import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SpendCounters1796056516115 implements MigrationInterface {
  name = 'SpendCounters1796056516115';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "card_spend_counters" ("card_token" uuid NOT NULL, "day" date NOT NULL, "amount" bigint NOT NULL, CONSTRAINT "PK_41db946b6198a08856692392dc2" PRIMARY KEY ("card_token", "day"))',
    );
    await runner.query(
      'CREATE TABLE "account_spend_counters" ("account_token" uuid NOT NULL, "day" date NOT NULL, "stripe" smallint NOT NULL, "amount" bigint NOT NULL, CONSTRAINT "PK_60390eaac2248b293f6f63b1743" PRIMARY KEY ("account_token", "day", "stripe"))',
    );
    await runner.query(
      'ALTER TABLE "card_spend_counters" ADD CONSTRAINT "FK_74168b2f2e501354c88f24fac5f" FOREIGN KEY ("card_token") REFERENCES "cards"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      'ALTER TABLE "account_spend_counters" ADD CONSTRAINT "FK_0e132fe9fcdc46ba6b725c2cc58" FOREIGN KEY ("account_token") REFERENCES "accounts"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // Counters for the history already there: approved debits held or settled, per UTC day of
    // creation and in total ('infinity'), as the write paths keep them from now on (the account's
    // split in 16 stripes by the last byte of the card token).
    const counted = `SUM("pending_amount" + "settled_amount")`;
    const day = `("created" AT TIME ZONE 'UTC')::date`;
    const stripe = `get_byte(uuid_send("card_token"), 15) % 16`;
    await runner.query(
      `INSERT INTO "card_spend_counters" ("card_token", "day", "amount")
       SELECT "card_token", ${day}, ${counted} FROM "transactions" WHERE "polarity" = 'DEBIT' GROUP BY 1, 2
       UNION ALL
       SELECT "card_token", 'infinity', ${counted} FROM "transactions" WHERE "polarity" = 'DEBIT' GROUP BY 1`,
    );
    await runner.query(
      `INSERT INTO "account_spend_counters" ("account_token", "day", "stripe", "amount")
       SELECT "account_token", ${day}, ${stripe}, ${counted} FROM "transactions" WHERE "polarity" = 'DEBIT' GROUP BY 1, 2, 3
       UNION ALL
       SELECT "account_token", 'infinity', ${stripe}, ${counted} FROM "transactions" WHERE "polarity" = 'DEBIT' GROUP BY 1, 3`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE "account_spend_counters" DROP CONSTRAINT "FK_0e132fe9fcdc46ba6b725c2cc58"',
    );
    await runner.query('ALTER TABLE "card_spend_counters" DROP CONSTRAINT "FK_74168b2f2e501354c88f24fac5f"');
    await runner.query('DROP TABLE "account_spend_counters"');
    await runner.query('DROP TABLE "card_spend_counters"');
  }
}
