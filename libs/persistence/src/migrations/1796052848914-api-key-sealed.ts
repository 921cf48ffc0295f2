import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiKeySealed1796052848914 implements MigrationInterface {
  name = 'ApiKeySealed1796052848914';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE "api_keys" ADD "key_sealed" text');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE "api_keys" DROP COLUMN "key_sealed"');
  }
}
