import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Charges and 3-D Secure authentications now find their rules in the authorizer's per-account rule
 * sets (accounts.auth_rules_stamp), indexed by scope in libs/domain, so nothing reads the scope rows.
 */
export class DropAuthRuleScopes1796078000000 implements MigrationInterface {
  name = 'DropAuthRuleScopes1796078000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE "auth_rule_scopes"');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "auth_rule_scopes" ("account_token" uuid NOT NULL, "target" character varying(36) NOT NULL, "rule_token" uuid NOT NULL, CONSTRAINT "PK_5b6604dd95bd10340b0ec2892a7" PRIMARY KEY ("account_token", "target", "rule_token"))',
    );
    await runner.query('CREATE INDEX "auth_rule_scopes_by_rule" ON "auth_rule_scopes"  ("rule_token") ');
    await runner.query(
      'ALTER TABLE "auth_rule_scopes" ADD CONSTRAINT "FK_783f4404a9f345f3054bd8aa575" FOREIGN KEY ("rule_token") REFERENCES "auth_rules"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    // The rows the rules' targets name, as the repository wrote them.
    await runner.query(
      `INSERT INTO "auth_rule_scopes" ("account_token", "target", "rule_token")
       SELECT "account_token", t, "token" FROM "auth_rules",
         unnest(CASE WHEN "program_level" THEN ARRAY['PROGRAM']::varchar[]
                     ELSE ("card_tokens"::varchar[] || "account_tokens"::varchar[]) END) AS t`,
    );
  }
}
