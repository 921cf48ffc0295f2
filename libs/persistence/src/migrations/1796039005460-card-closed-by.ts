import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CardClosedBy1796039005460 implements MigrationInterface {
  name = 'CardClosedBy1796039005460';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE "cards" ADD "closed_by" character varying(64)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE "cards" DROP COLUMN "closed_by"');
  }
}
