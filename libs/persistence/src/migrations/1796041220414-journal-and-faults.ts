import type { MigrationInterface, QueryRunner } from 'typeorm';

export class JournalAndFaults1796041220414 implements MigrationInterface {
  name = 'JournalAndFaults1796041220414';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "request_journal" ("token" character varying(40) NOT NULL, "account_token" uuid NOT NULL, "request_id" character varying(64) NOT NULL, "method" character varying(16) NOT NULL, "path" character varying(2048) NOT NULL, "query" text NOT NULL DEFAULT \'\', "status" integer NOT NULL, "duration_ms" double precision NOT NULL, "request_body" text, "response_body" text, "created" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_9c2c3fb0757ee09e0f51b59902f" PRIMARY KEY ("token"))',
    );
    await runner.query(
      'CREATE INDEX "request_journal_account_keyset" ON "request_journal"  ("account_token", "created", "token") ',
    );
    await runner.query(
      'CREATE TABLE "faults" ("token" character varying(40) NOT NULL, "account_token" uuid NOT NULL, "target" character varying(16) NOT NULL, "method" character varying(16), "path" character varying(512), "path_like" character varying(1100) NOT NULL DEFAULT \'%\', "status" integer, "retry_after" integer, "latency_ms" integer NOT NULL DEFAULT \'0\', "drop" boolean NOT NULL DEFAULT false, "timeout" boolean NOT NULL DEFAULT false, "remaining" integer NOT NULL, "created" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ae5fcd17681bff9454eb8ff4048" PRIMARY KEY ("token"))',
    );
    await runner.query(
      'CREATE INDEX "faults_account_target" ON "faults"  ("account_token", "target", "created") ',
    );
    await runner.query(
      'ALTER TABLE "request_journal" ADD CONSTRAINT "FK_2c5e47ac299835e20693372e116" FOREIGN KEY ("account_token") REFERENCES "accounts"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      'ALTER TABLE "faults" ADD CONSTRAINT "FK_17c5b10d06e7533e7b4273312bb" FOREIGN KEY ("account_token") REFERENCES "accounts"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE "faults" DROP CONSTRAINT "FK_17c5b10d06e7533e7b4273312bb"');
    await runner.query('ALTER TABLE "request_journal" DROP CONSTRAINT "FK_2c5e47ac299835e20693372e116"');
    await runner.query('DROP INDEX "public"."faults_account_target"');
    await runner.query('DROP TABLE "faults"');
    await runner.query('DROP INDEX "public"."request_journal_account_keyset"');
    await runner.query('DROP TABLE "request_journal"');
  }
}
