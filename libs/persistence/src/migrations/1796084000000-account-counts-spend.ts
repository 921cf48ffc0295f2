import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether an account keeps its spend counters. Every charge of an account's cards wrote the
 * account's counter rows, though only account limits, account-scoped velocity rules and the
 * account's spend-limits read them; now a new account keeps none until the first of those needs
 * them (AccountsRepository.countSpend builds them from its transactions then). An account that
 * exists already has its counters: it keeps them.
 */
export class AccountCountsSpend1796084000000 implements MigrationInterface {
  name = 'AccountCountsSpend1796084000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE "accounts" ADD "counts_spend" boolean NOT NULL DEFAULT true');
    await runner.query('ALTER TABLE "accounts" ALTER COLUMN "counts_spend" SET DEFAULT false');
  }

  async down(runner: QueryRunner): Promise<void> {
    // Every account had its counters before: those that kept none get them, from their transactions.
    await runner.query(
      `WITH counted AS (
         SELECT t."account_token", get_byte(uuid_send(t."card_token"), 15) % 16 AS "stripe", t."mcc",
           t."merchant_country" AS "country", t."pending_amount" + t."settled_amount" AS "amount",
           date_trunc('day', t."created" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS "day",
           date_trunc('hour', t."created" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS "hour"
         FROM "transactions" t JOIN "accounts" a ON a."token" = t."account_token"
         WHERE NOT a."counts_spend" AND t."polarity" = 'DEBIT' AND t."pending_amount" + t."settled_amount" > 0),
       buckets AS (
         SELECT counted.*, 'DAY' AS "span", "day" AS "at" FROM counted
         UNION ALL SELECT counted.*, 'HOUR', "hour" FROM counted
         UNION ALL SELECT counted.*, 'LIFETIME', 'infinity' FROM counted)
       INSERT INTO "account_velocity_counters" ("account_token", "span", "at", "stripe", "mcc", "country", "count", "amount")
       SELECT "account_token", "span", "at", "stripe", "mcc", "country", count(*), SUM("amount") FROM buckets GROUP BY 1, 2, 3, 4, 5, 6`,
    );
    await runner.query('ALTER TABLE "accounts" DROP COLUMN "counts_spend"');
  }
}
