import { describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs script of the benchmark, without types
import { loggedLatencies, progressTps, runPgbench } from '../scripts/bench/database.mjs';

/**
 * The benchmark's pgbench ceiling is measured after the same warm-up as the app: its backends
 * start cold, so the seconds of the warm-up are left out of its tps.
 */
describe('the benchmark’s pgbench ceiling', () => {
  it('is the mean of the progress lines after the warm-up', () => {
    const progress = [
      'progress: 1.0 s, 49.0 tps, lat 328.736 ms stddev 192.742, 0 failed',
      'progress: 2.0 s, 601.4 tps, lat 57.173 ms stddev 61.159, 0 failed',
      'progress: 3.0 s, 1000.0 tps, lat 33.019 ms stddev 24.643, 0 failed',
      'progress: 4.0 s, 1200.0 tps, lat 32.640 ms stddev 24.928, 0 failed',
    ].join('\n');
    expect(progressTps(progress, 2)).toBe(1100);
    expect(progressTps(progress, 0)).toBeCloseTo(712.6, 1);
    expect(() => progressTps(progress, 4)).toThrow(/no progress after its 4 s warm-up/);
  });

  it('reads the progress pgbench itself prints, and keeps the whole run’s tps beside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-pgbench-spec-'));
    try {
      const script = join(dir, 'select.sql');
      await writeFile(script, 'SELECT :ncards::int;\n');
      const report = (await runPgbench({
        databaseUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
        script,
        mode: 'prepared',
        clients: 2,
        threads: 1,
        seconds: 2,
        warmup: 1,
        cards: 1,
      })) as {
        tps: number;
        wholeRunTps: number;
        transactions: number;
        latencyMs: { p50: number; p99: number; transactions: number };
      };
      expect(report.tps).toBeGreaterThan(0);
      expect(report.wholeRunTps).toBeGreaterThan(0);
      expect(report.tps).not.toBe(report.wholeRunTps);
      expect(report.transactions).toBeGreaterThan(0);
      // Latencies of the transactions after the warm-up only: fewer than the whole run's.
      expect(report.latencyMs.transactions).toBeGreaterThan(0);
      expect(report.latencyMs.transactions).toBeLessThan(report.transactions);
      expect(report.latencyMs.p99).toBeGreaterThanOrEqual(report.latencyMs.p50);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('takes its latency percentiles from the transactions logged after the warm-up', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-pgbench-log-spec-'));
    try {
      // client transaction latency_us script end_s end_us: pgbench starts at `at` s (its first
      // transaction), 100 transactions of 1 ms end then, 100 of 1..100 ms end 2 s later.
      const log = async (at: number) => {
        const early = Array.from({ length: 100 }, (_, i) => `0 ${i} 1000 0 ${at} ${1000 + i}`);
        const late = Array.from({ length: 100 }, (_, i) => `1 ${i} ${(i + 1) * 1000} 0 ${at + 2} ${i}`);
        await writeFile(join(dir, 'tx.1'), early.join('\n') + '\n');
        await writeFile(join(dir, 'tx.1.1'), late.join('\n') + '\n');
      };
      await log(1000);
      expect(await loggedLatencies(dir, 1)).toEqual({ p50: 51, p99: 100, transactions: 100 });
      expect(await loggedLatencies(dir, 0)).toMatchObject({ p50: 1, transactions: 200 });
      // The warm-up runs on pgbench's clock: the same log from a pgbench that started 5 s later (slow
      // to connect on a loaded machine) leaves out the same transactions.
      await log(1005);
      expect(await loggedLatencies(dir, 1)).toEqual({ p50: 51, p99: 100, transactions: 100 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
