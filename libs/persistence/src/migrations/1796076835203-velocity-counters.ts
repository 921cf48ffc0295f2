import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Velocity counters: the count and amount of approved debits per card and per account (in stripes),
 * per UTC day, hour and lifetime of their creation, by merchant category and country, so a velocity
 * limit reads a few buckets instead of summing its window's transactions. They are built here from
 * the transactions already there, as the write paths keep them from now on.
 */
export class VelocityCounters1796076835203 implements MigrationInterface {
  name = 'VelocityCounters1796076835203';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "card_velocity_counters" ("card_token" uuid NOT NULL, "span" character varying(8) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "mcc" character varying(4) NOT NULL, "country" character varying(3) NOT NULL, "count" integer NOT NULL, "amount" bigint NOT NULL, CONSTRAINT "PK_2401bb0b308bd5fdbabbc56faa1" PRIMARY KEY ("card_token", "span", "at", "mcc", "country"))',
    );
    await runner.query(
      'CREATE TABLE "account_velocity_counters" ("account_token" uuid NOT NULL, "span" character varying(8) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "stripe" smallint NOT NULL, "mcc" character varying(4) NOT NULL, "country" character varying(3) NOT NULL, "count" integer NOT NULL, "amount" bigint NOT NULL, CONSTRAINT "PK_84ccba317ea1b0afdb33c2d45cd" PRIMARY KEY ("account_token", "span", "at", "stripe", "mcc", "country"))',
    );
    await runner.query(
      'ALTER TABLE "card_velocity_counters" ADD CONSTRAINT "FK_7ad7f8dc0a924d8b4cd7b22f967" FOREIGN KEY ("card_token") REFERENCES "cards"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      'ALTER TABLE "account_velocity_counters" ADD CONSTRAINT "FK_ae8fa218d907493127204754e28" FOREIGN KEY ("account_token") REFERENCES "accounts"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    const counted = `WITH counted AS (
        SELECT "card_token", "account_token", get_byte(uuid_send("card_token"), 15) % 16 AS "stripe", "mcc",
          "merchant_country" AS "country", "pending_amount" + "settled_amount" AS "amount",
          date_trunc('day', "created" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS "day",
          date_trunc('hour', "created" AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS "hour"
        FROM "transactions" WHERE "polarity" = 'DEBIT' AND "pending_amount" + "settled_amount" > 0),
      buckets AS (
        SELECT counted.*, 'DAY' AS "span", "day" AS "at" FROM counted
        UNION ALL SELECT counted.*, 'HOUR', "hour" FROM counted
        UNION ALL SELECT counted.*, 'LIFETIME', 'infinity' FROM counted)`;
    await runner.query(
      `${counted} INSERT INTO "card_velocity_counters" ("card_token", "span", "at", "mcc", "country", "count", "amount")
       SELECT "card_token", "span", "at", "mcc", "country", count(*), SUM("amount") FROM buckets GROUP BY 1, 2, 3, 4, 5`,
    );
    await runner.query(
      `${counted} INSERT INTO "account_velocity_counters" ("account_token", "span", "at", "stripe", "mcc", "country", "count", "amount")
       SELECT "account_token", "span", "at", "stripe", "mcc", "country", count(*), SUM("amount") FROM buckets GROUP BY 1, 2, 3, 4, 5, 6`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE "account_velocity_counters" DROP CONSTRAINT "FK_ae8fa218d907493127204754e28"',
    );
    await runner.query(
      'ALTER TABLE "card_velocity_counters" DROP CONSTRAINT "FK_7ad7f8dc0a924d8b4cd7b22f967"',
    );
    await runner.query('DROP TABLE "account_velocity_counters"');
    await runner.query('DROP TABLE "card_velocity_counters"');
  }
}
