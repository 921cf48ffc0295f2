import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `accounts.auth_rules_stamp` changes whenever any of the account's auth rules is written (created,
 * updated, promoted, deleted, reset or restored): a trigger draws it from a sequence, so no code
 * path can forget it. An authorization reads the stamp with the card, and the authorizer keeps
 * each account's rules, parsed, for the stamp it last read: a charge no longer aggregates 100 rules
 * in SQL, and every replica sees a change at its next charge.
 */
export class AuthRulesStamp1796072000000 implements MigrationInterface {
  name = 'AuthRulesStamp1796072000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE "accounts" ADD "auth_rules_stamp" bigint NOT NULL DEFAULT \'0\'');
    await runner.query('CREATE SEQUENCE "auth_rules_stamps"');
    await runner.query(
      `CREATE FUNCTION "auth_rules_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         UPDATE "accounts" SET "auth_rules_stamp" = nextval('auth_rules_stamps')
           WHERE "token" = (CASE WHEN TG_OP = 'DELETE' THEN OLD."account_token" ELSE NEW."account_token" END);
         RETURN NULL;
       END $$`,
    );
    await runner.query(
      `CREATE TRIGGER "auth_rules_changed" AFTER INSERT OR UPDATE OR DELETE ON "auth_rules"
       FOR EACH ROW EXECUTE FUNCTION "auth_rules_changed"()`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TRIGGER "auth_rules_changed" ON "auth_rules"');
    await runner.query('DROP FUNCTION "auth_rules_changed"()');
    await runner.query('DROP SEQUENCE "auth_rules_stamps"');
    await runner.query('ALTER TABLE "accounts" DROP COLUMN "auth_rules_stamp"');
  }
}
