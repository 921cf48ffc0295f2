import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Blocks of seeded token counters (see TokenSource): a fresh database starts at 1, a restart goes on. */
export class TokenBlocks1796060000000 implements MigrationInterface {
  name = 'TokenBlocks1796060000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE SEQUENCE "token_blocks" START WITH 1');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP SEQUENCE "token_blocks"');
  }
}
