import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795283801988 implements MigrationInterface {
  name = 'InitialSchema1795283801988';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "accounts" ("token" uuid NOT NULL, "state" character varying(16) NOT NULL DEFAULT \'ACTIVE\', "daily_spend_limit" bigint, "monthly_spend_limit" bigint, "lifetime_spend_limit" bigint, "clock_offset_ms" bigint NOT NULL DEFAULT \'0\', "created" TIMESTAMP WITH TIME ZONE NOT NULL, "updated" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_af4ebadaf50e47782987ed742d7" PRIMARY KEY ("token"))',
    );
    await runner.query(
      'CREATE TABLE "api_keys" ("key_hash" character varying(64) NOT NULL, "account_token" uuid NOT NULL, "created" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_57384430aa1959f4578046c9b81" PRIMARY KEY ("key_hash"))',
    );
    await runner.query('CREATE INDEX "IDX_e941b525f70fe391dc9c1fc815" ON "api_keys"  ("account_token") ');
    await runner.query(
      'CREATE TABLE "cards" ("token" uuid NOT NULL, "account_token" uuid NOT NULL, "type" character varying(16) NOT NULL, "state" character varying(16) NOT NULL, "memo" character varying(255) NOT NULL DEFAULT \'\', "spend_limit" bigint NOT NULL DEFAULT \'0\', "spend_limit_duration" character varying(16) NOT NULL, "pan_encrypted" text NOT NULL, "pan_hash" character varying(64) NOT NULL, "last_four" character varying(4) NOT NULL, "exp_month" character varying(2) NOT NULL, "exp_year" character varying(4) NOT NULL, "locked_merchant" character varying(255) NOT NULL DEFAULT \'\', "consumed" boolean NOT NULL DEFAULT false, "created" TIMESTAMP WITH TIME ZONE NOT NULL, "updated" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_388db22f1d7d0f93abe68aebb67" PRIMARY KEY ("token"))',
    );
    await runner.query('CREATE UNIQUE INDEX "cards_pan_hash" ON "cards"  ("pan_hash") ');
    await runner.query(
      'CREATE INDEX "cards_account_keyset" ON "cards"  ("account_token", "created", "token") ',
    );
    await runner.query(
      'CREATE TABLE "idempotency_keys" ("account_token" uuid NOT NULL, "key" character varying(255) NOT NULL, "request_hash" character varying(64) NOT NULL, "status_code" integer, "response_body" jsonb, "created" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d1e562c1fa35a68d7cd2e596c69" PRIMARY KEY ("account_token", "key"))',
    );
    await runner.query(
      'ALTER TABLE "api_keys" ADD CONSTRAINT "FK_e941b525f70fe391dc9c1fc815a" FOREIGN KEY ("account_token") REFERENCES "accounts"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      'ALTER TABLE "cards" ADD CONSTRAINT "FK_6063f77085bbf47778114479887" FOREIGN KEY ("account_token") REFERENCES "accounts"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      'ALTER TABLE "idempotency_keys" ADD CONSTRAINT "FK_055cf21b82b86ff4f4290a270d3" FOREIGN KEY ("account_token") REFERENCES "accounts"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE "idempotency_keys" DROP CONSTRAINT "FK_055cf21b82b86ff4f4290a270d3"');
    await runner.query('ALTER TABLE "cards" DROP CONSTRAINT "FK_6063f77085bbf47778114479887"');
    await runner.query('ALTER TABLE "api_keys" DROP CONSTRAINT "FK_e941b525f70fe391dc9c1fc815a"');
    await runner.query('DROP TABLE "idempotency_keys"');
    await runner.query('DROP INDEX "public"."cards_account_keyset"');
    await runner.query('DROP INDEX "public"."cards_pan_hash"');
    await runner.query('DROP TABLE "cards"');
    await runner.query('DROP INDEX "public"."IDX_e941b525f70fe391dc9c1fc815"');
    await runner.query('DROP TABLE "api_keys"');
    await runner.query('DROP TABLE "accounts"');
  }
}
