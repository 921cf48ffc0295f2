import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuthRulesAndThreeDs1796066850820 implements MigrationInterface {
  name = 'AuthRulesAndThreeDs1796066850820';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "auth_rules" ("account_token" uuid NOT NULL, "token" uuid NOT NULL, "state" character varying(16) NOT NULL, "type" character varying(32) NOT NULL, "event_stream" character varying(32) NOT NULL, "name" character varying(1024), "program_level" boolean NOT NULL DEFAULT false, "card_tokens" uuid array NOT NULL DEFAULT \'{}\', "account_tokens" uuid array NOT NULL DEFAULT \'{}\', "excluded_card_tokens" uuid array NOT NULL DEFAULT \'{}\', "excluded_account_tokens" uuid array NOT NULL DEFAULT \'{}\', "current_version" integer, "current_parameters" jsonb, "draft_version" integer, "draft_parameters" jsonb, "latest_version" integer NOT NULL, "created" TIMESTAMP WITH TIME ZONE NOT NULL, "updated" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c8481799d523bda4b52c22aa633" PRIMARY KEY ("token"))',
    );
    await runner.query(
      'CREATE INDEX "auth_rules_account_keyset" ON "auth_rules"  ("account_token", "created", "token") ',
    );
    await runner.query(
      'CREATE TABLE "auth_rule_versions" ("rule_token" uuid NOT NULL, "version" integer NOT NULL, "parameters" jsonb NOT NULL, "created" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_54846200356f94108d22e01bf52" PRIMARY KEY ("rule_token", "version"))',
    );
    await runner.query(
      'CREATE TABLE "auth_rule_scopes" ("account_token" uuid NOT NULL, "target" character varying(36) NOT NULL, "rule_token" uuid NOT NULL, CONSTRAINT "PK_5b6604dd95bd10340b0ec2892a7" PRIMARY KEY ("account_token", "target", "rule_token"))',
    );
    await runner.query('CREATE INDEX "auth_rule_scopes_by_rule" ON "auth_rule_scopes"  ("rule_token") ');
    await runner.query(
      'CREATE TABLE "auth_rule_results" ("account_token" uuid NOT NULL, "token" uuid NOT NULL, "rule_token" uuid NOT NULL, "rule_version" integer NOT NULL, "event_token" uuid NOT NULL, "transaction_token" uuid, "event_stream" character varying(32) NOT NULL, "mode" character varying(16) NOT NULL, "actions" jsonb NOT NULL, "created" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_83842ce610410542ba50e6df88b" PRIMARY KEY ("token"))',
    );
    await runner.query('CREATE INDEX "auth_rule_results_by_event" ON "auth_rule_results"  ("event_token") ');
    await runner.query(
      'CREATE INDEX "auth_rule_results_by_rule" ON "auth_rule_results"  ("account_token", "rule_token", "created", "token") ',
    );
    await runner.query(
      'CREATE TABLE "auth_rule_backtests" ("account_token" uuid NOT NULL, "token" uuid NOT NULL, "rule_token" uuid NOT NULL, "start" TIMESTAMP WITH TIME ZONE NOT NULL, "end" TIMESTAMP WITH TIME ZONE NOT NULL, "results" jsonb NOT NULL, "created" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_4bd747e153d688db25c430dbb5f" PRIMARY KEY ("token"))',
    );
    await runner.query(
      'CREATE INDEX "auth_rule_backtests_by_rule" ON "auth_rule_backtests"  ("rule_token", "created", "token") ',
    );
    await runner.query(
      'CREATE TABLE "three_ds_authentications" ("account_token" uuid NOT NULL, "token" uuid NOT NULL, "card_token" uuid NOT NULL, "result" character varying(24) NOT NULL, "decision_made_by" character varying(24) NOT NULL, "reason" text, "challenge_method" character varying(16), "challenge_status" character varying(24), "merchant_id" character varying(15) NOT NULL, "merchant_name" character varying(25) NOT NULL, "merchant_mcc" character varying(4) NOT NULL, "merchant_country" character varying(3) NOT NULL, "amount" bigint NOT NULL, "currency" character varying(3) NOT NULL, "card_expiry_check" character varying(16) NOT NULL, "created" TIMESTAMP WITH TIME ZONE NOT NULL, "updated" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_917730f3e2bb2a7bb89de510571" PRIMARY KEY ("token"))',
    );
    await runner.query(
      'CREATE INDEX "three_ds_authentications_by_card" ON "three_ds_authentications"  ("card_token", "created") ',
    );
    await runner.query('ALTER TABLE "accounts" ADD "three_ds_secret_sealed" character varying');
    await runner.query('ALTER TABLE "transaction_events" ADD "auth_rule" jsonb');
    await runner.query(
      'ALTER TABLE "auth_rules" ADD CONSTRAINT "FK_5b617a23956f373c60c1ac42ea2" FOREIGN KEY ("account_token") REFERENCES "accounts"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      'ALTER TABLE "auth_rule_versions" ADD CONSTRAINT "FK_127f72c242ddf508377bbcdd2f3" FOREIGN KEY ("rule_token") REFERENCES "auth_rules"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      'ALTER TABLE "auth_rule_scopes" ADD CONSTRAINT "FK_783f4404a9f345f3054bd8aa575" FOREIGN KEY ("rule_token") REFERENCES "auth_rules"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      'ALTER TABLE "auth_rule_results" ADD CONSTRAINT "FK_801f96bcd8db97e3bb9246162cb" FOREIGN KEY ("account_token") REFERENCES "accounts"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      'ALTER TABLE "auth_rule_backtests" ADD CONSTRAINT "FK_19603038bf76b3a3b056c4cc3d7" FOREIGN KEY ("account_token") REFERENCES "accounts"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      'ALTER TABLE "auth_rule_backtests" ADD CONSTRAINT "FK_2eee1d07063aaf8a8b9b2fb47c4" FOREIGN KEY ("rule_token") REFERENCES "auth_rules"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      'ALTER TABLE "three_ds_authentications" ADD CONSTRAINT "FK_b66d7f6bbfd8b8e115f32f69f8b" FOREIGN KEY ("account_token") REFERENCES "accounts"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      'ALTER TABLE "three_ds_authentications" ADD CONSTRAINT "FK_1ade59a84283fa9cfc2e9758b2d" FOREIGN KEY ("card_token") REFERENCES "cards"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'ALTER TABLE "three_ds_authentications" DROP CONSTRAINT "FK_1ade59a84283fa9cfc2e9758b2d"',
    );
    await runner.query(
      'ALTER TABLE "three_ds_authentications" DROP CONSTRAINT "FK_b66d7f6bbfd8b8e115f32f69f8b"',
    );
    await runner.query('ALTER TABLE "auth_rule_backtests" DROP CONSTRAINT "FK_2eee1d07063aaf8a8b9b2fb47c4"');
    await runner.query('ALTER TABLE "auth_rule_backtests" DROP CONSTRAINT "FK_19603038bf76b3a3b056c4cc3d7"');
    await runner.query('ALTER TABLE "auth_rule_results" DROP CONSTRAINT "FK_801f96bcd8db97e3bb9246162cb"');
    await runner.query('ALTER TABLE "auth_rule_scopes" DROP CONSTRAINT "FK_783f4404a9f345f3054bd8aa575"');
    await runner.query('ALTER TABLE "auth_rule_versions" DROP CONSTRAINT "FK_127f72c242ddf508377bbcdd2f3"');
    await runner.query('ALTER TABLE "auth_rules" DROP CONSTRAINT "FK_5b617a23956f373c60c1ac42ea2"');
    await runner.query('ALTER TABLE "transaction_events" DROP COLUMN "auth_rule"');
    await runner.query('ALTER TABLE "accounts" DROP COLUMN "three_ds_secret_sealed"');
    await runner.query('DROP INDEX "public"."three_ds_authentications_by_card"');
    await runner.query('DROP TABLE "three_ds_authentications"');
    await runner.query('DROP INDEX "public"."auth_rule_backtests_by_rule"');
    await runner.query('DROP TABLE "auth_rule_backtests"');
    await runner.query('DROP INDEX "public"."auth_rule_results_by_rule"');
    await runner.query('DROP INDEX "public"."auth_rule_results_by_event"');
    await runner.query('DROP TABLE "auth_rule_results"');
    await runner.query('DROP INDEX "public"."auth_rule_scopes_by_rule"');
    await runner.query('DROP TABLE "auth_rule_scopes"');
    await runner.query('DROP TABLE "auth_rule_versions"');
    await runner.query('DROP INDEX "public"."auth_rules_account_keyset"');
    await runner.query('DROP TABLE "auth_rules"');
  }
}
