import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventsAndWebhooks1795286027576 implements MigrationInterface {
  name = 'EventsAndWebhooks1795286027576';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      'CREATE TABLE "events" ("token" character varying(40) NOT NULL, "account_token" uuid NOT NULL, "event_type" character varying(64) NOT NULL, "payload" jsonb NOT NULL, "created" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_2cf15aa185455b63a6cff3c54f7" PRIMARY KEY ("token"))',
    );
    await runner.query(
      'CREATE INDEX "events_account_keyset" ON "events"  ("account_token", "created", "token") ',
    );
    await runner.query(
      'CREATE TABLE "event_subscriptions" ("token" character varying(40) NOT NULL, "account_token" uuid NOT NULL, "url" character varying(2048) NOT NULL, "description" character varying(512) NOT NULL DEFAULT \'\', "disabled" boolean NOT NULL DEFAULT false, "event_types" character varying(64) array NOT NULL DEFAULT \'{}\', "secret_sealed" text NOT NULL, "created" TIMESTAMP WITH TIME ZONE NOT NULL, "updated" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c8ee3037def34a61b6895225d6c" PRIMARY KEY ("token"))',
    );
    await runner.query(
      'CREATE INDEX "event_subscriptions_account_keyset" ON "event_subscriptions"  ("account_token", "created", "token") ',
    );
    await runner.query(
      'CREATE TABLE "message_attempts" ("token" character varying(40) NOT NULL, "account_token" uuid NOT NULL, "event_token" character varying(40) NOT NULL, "event_subscription_token" character varying(40) NOT NULL, "url" character varying(2048) NOT NULL, "status" character varying(16) NOT NULL, "attempt" integer NOT NULL DEFAULT \'1\', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, "response_status_code" integer NOT NULL DEFAULT \'0\', "response" text NOT NULL DEFAULT \'\', "created" TIMESTAMP WITH TIME ZONE NOT NULL, "updated" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_c3eecf62ced3b77130bbe7d7a45" PRIMARY KEY ("token"))',
    );
    await runner.query(
      'CREATE INDEX "message_attempts_by_subscription" ON "message_attempts"  ("event_subscription_token", "created", "token") ',
    );
    await runner.query(
      'CREATE INDEX "message_attempts_by_event" ON "message_attempts"  ("event_token", "created") ',
    );
    await runner.query(
      'CREATE INDEX "message_attempts_due" ON "message_attempts"  ("next_attempt_at") WHERE status IN (\'PENDING\', \'SENDING\')',
    );
    await runner.query(
      'CREATE TABLE "responder_endpoints" ("account_token" uuid NOT NULL, "type" character varying(32) NOT NULL, "url" character varying(2048) NOT NULL, "created" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_25a1de54a67632eba71ee69a448" PRIMARY KEY ("account_token", "type"))',
    );
    await runner.query('ALTER TABLE "accounts" ADD "auth_stream_secret_sealed" text');
    await runner.query('ALTER TABLE "transactions" ADD "responder_deadline" TIMESTAMP WITH TIME ZONE');
    await runner.query(
      'ALTER TABLE "events" ADD CONSTRAINT "FK_60bc132c86014062a2419cda5ab" FOREIGN KEY ("account_token") REFERENCES "accounts"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      'ALTER TABLE "event_subscriptions" ADD CONSTRAINT "FK_2564a2807def43617047f56fcd8" FOREIGN KEY ("account_token") REFERENCES "accounts"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      'ALTER TABLE "message_attempts" ADD CONSTRAINT "FK_25469af4e6220bda4e9a403bacb" FOREIGN KEY ("account_token") REFERENCES "accounts"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      'ALTER TABLE "message_attempts" ADD CONSTRAINT "FK_66b5d5caedcdf95b4c126361340" FOREIGN KEY ("event_token") REFERENCES "events"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      'ALTER TABLE "message_attempts" ADD CONSTRAINT "FK_849b1b15ef6aba8f9495e3e6e0b" FOREIGN KEY ("event_subscription_token") REFERENCES "event_subscriptions"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await runner.query(
      'ALTER TABLE "responder_endpoints" ADD CONSTRAINT "FK_9dc561f80a67c9d2852b99694a4" FOREIGN KEY ("account_token") REFERENCES "accounts"("token") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE "responder_endpoints" DROP CONSTRAINT "FK_9dc561f80a67c9d2852b99694a4"');
    await runner.query('ALTER TABLE "message_attempts" DROP CONSTRAINT "FK_849b1b15ef6aba8f9495e3e6e0b"');
    await runner.query('ALTER TABLE "message_attempts" DROP CONSTRAINT "FK_66b5d5caedcdf95b4c126361340"');
    await runner.query('ALTER TABLE "message_attempts" DROP CONSTRAINT "FK_25469af4e6220bda4e9a403bacb"');
    await runner.query('ALTER TABLE "event_subscriptions" DROP CONSTRAINT "FK_2564a2807def43617047f56fcd8"');
    await runner.query('ALTER TABLE "events" DROP CONSTRAINT "FK_60bc132c86014062a2419cda5ab"');
    await runner.query('ALTER TABLE "transactions" DROP COLUMN "responder_deadline"');
    await runner.query('ALTER TABLE "accounts" DROP COLUMN "auth_stream_secret_sealed"');
    await runner.query('DROP TABLE "responder_endpoints"');
    await runner.query('DROP INDEX "public"."message_attempts_due"');
    await runner.query('DROP INDEX "public"."message_attempts_by_event"');
    await runner.query('DROP INDEX "public"."message_attempts_by_subscription"');
    await runner.query('DROP TABLE "message_attempts"');
    await runner.query('DROP INDEX "public"."event_subscriptions_account_keyset"');
    await runner.query('DROP TABLE "event_subscriptions"');
    await runner.query('DROP INDEX "public"."events_account_keyset"');
    await runner.query('DROP TABLE "events"');
  }
}
