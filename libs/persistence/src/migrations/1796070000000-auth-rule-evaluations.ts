import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rule results are stored one row per evaluated event (its rules' results in a jsonb array), not
 * one row per rule: a charge on an account with 100 rules wrote 100 rows and their index entries.
 * Existing results move over, grouped by their event.
 */
export class AuthRuleEvaluations1796070000000 implements MigrationInterface {
  name = 'AuthRuleEvaluations1796070000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "auth_rule_evaluations" ("account_token" uuid NOT NULL, "event_token" uuid NOT NULL, "transaction_token" uuid, "event_stream" character varying(32) NOT NULL, "results" jsonb NOT NULL, "created" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d91929e7e9c333fe2cbaa88a82a" PRIMARY KEY ("event_token"))',
    );
    await runner.query(
      'CREATE INDEX "auth_rule_evaluations_keyset" ON "auth_rule_evaluations"  ("account_token", "created", "event_token") ',
    );
    await runner.query(
      'ALTER TABLE "auth_rule_evaluations" ADD CONSTRAINT "FK_306e4c5c3b0721d3953a92eea87" FOREIGN KEY ("account_token") REFERENCES "accounts"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      `INSERT INTO "auth_rule_evaluations" ("account_token", "event_token", "transaction_token", "event_stream", "results", "created")
       SELECT "account_token", "event_token", "transaction_token", "event_stream",
         jsonb_agg(jsonb_build_object('token', "token", 'rule_token', "rule_token", 'rule_version', "rule_version",
           'mode', "mode", 'actions', "actions") ORDER BY "created", "token"), min("created")
       FROM "auth_rule_results" GROUP BY "account_token", "event_token", "transaction_token", "event_stream"`,
    );
    await runner.query('DROP TABLE "auth_rule_results"');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "auth_rule_results" ("account_token" uuid NOT NULL, "token" uuid NOT NULL, "rule_token" uuid NOT NULL, "rule_version" integer NOT NULL, "event_token" uuid NOT NULL, "transaction_token" uuid, "event_stream" character varying(32) NOT NULL, "mode" character varying(16) NOT NULL, "actions" jsonb NOT NULL, "created" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_83842ce610410542ba50e6df88b" PRIMARY KEY ("token"))',
    );
    await runner.query('CREATE INDEX "auth_rule_results_by_event" ON "auth_rule_results"  ("event_token") ');
    await runner.query(
      'CREATE INDEX "auth_rule_results_by_rule" ON "auth_rule_results"  ("account_token", "rule_token", "created", "token") ',
    );
    await runner.query(
      'ALTER TABLE "auth_rule_results" ADD CONSTRAINT "FK_801f96bcd8db97e3bb9246162cb" FOREIGN KEY ("account_token") REFERENCES "accounts"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      `INSERT INTO "auth_rule_results" ("account_token", "token", "rule_token", "rule_version", "event_token",
         "transaction_token", "event_stream", "mode", "actions", "created")
       SELECT e."account_token", (x->>'token')::uuid, (x->>'rule_token')::uuid, (x->>'rule_version')::integer,
         e."event_token", e."transaction_token", e."event_stream", x->>'mode', x->'actions', e."created"
       FROM "auth_rule_evaluations" e CROSS JOIN LATERAL jsonb_array_elements(e."results") AS x`,
    );
    await runner.query('DROP TABLE "auth_rule_evaluations"');
  }
}
