import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SpendCounters1796051898082 implements MigrationInterface {
  name = 'SpendCounters1796051898082';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "card_spend_counters" ("card_token" uuid NOT NULL, "day" date NOT NULL, "amount" bigint NOT NULL, CONSTRAINT "PK_41db946b6198a08856692392dc2" PRIMARY KEY ("card_token", "day"))',
    );
    await runner.query(
      'CREATE TABLE "account_spend_counters" ("account_token" uuid NOT NULL, "day" date NOT NULL, "amount" bigint NOT NULL, CONSTRAINT "PK_3d1403b6a13fb3329fe676e7c03" PRIMARY KEY ("account_token", "day"))',
    );
    await runner.query(
      'ALTER TABLE "card_spend_counters" ADD CONSTRAINT "FK_74168b2f2e501354c88f24fac5f" FOREIGN KEY ("card_token") REFERENCES "cards"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      'ALTER TABLE "account_spend_counters" ADD CONSTRAINT "FK_0e132fe9fcdc46ba6b725c2cc58" FOREIGN KEY ("account_token") REFERENCES "accounts"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // Counters for the history already there: approved debits held or settled, per UTC day of
    // creation and in total ('infinity'), as the write paths keep them from now on.
    for (const [table, owner] of [
      ['card_spend_counters', 'card_token'],
      ['account_spend_counters', 'account_token'],
    ]) {
      await runner.query(
        `INSERT INTO "${table}" ("${owner}", "day", "amount")
         SELECT "${owner}", ("created" AT TIME ZONE 'UTC')::date, SUM("pending_amount" + "settled_amount")
           FROM "transactions" WHERE "polarity" = 'DEBIT' GROUP BY 1, 2
         UNION ALL
         SELECT "${owner}", 'infinity', SUM("pending_amount" + "settled_amount")
           FROM "transactions" WHERE "polarity" = 'DEBIT' GROUP BY 1`,
      );
    }
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
