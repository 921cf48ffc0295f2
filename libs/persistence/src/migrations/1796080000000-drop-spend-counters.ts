import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SpendCounters1796056516115 } from './1796056516115-spend-counters.js';
import { SpendHours1796068000000 } from './1796068000000-spend-hours.js';

/**
 * Drops the spend counters (per day, lifetime and hour, per card and per account): the velocity
 * counters hold the same amounts in the same buckets, split by merchant category and country, and
 * spend limits now read those. Every charge wrote both, twelve counter rows where six do, and the
 * account's rows are shared by all its cards' charges. Down builds them again from the
 * transactions, as their own migrations did.
 */
export class DropSpendCounters1796080000000 implements MigrationInterface {
  name = 'DropSpendCounters1796080000000';

  async up(runner: QueryRunner): Promise<void> {
    await new SpendHours1796068000000().down(runner);
    await new SpendCounters1796056516115().down(runner);
  }

  async down(runner: QueryRunner): Promise<void> {
    await new SpendCounters1796056516115().up(runner);
    await new SpendHours1796068000000().up(runner);
  }
}
