import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { ROOT } from './support/process.js';
import { SLOW_MS } from './support/sandbox.js';

type EmbeddedStart = typeof import('../libs/persistence/src/embedded-start.js');
type Embedded = Awaited<ReturnType<EmbeddedStart['openEmbedded']>>;

// The compiled starter (the e2e globalSetup built dist/), as main.js runs it: only there is the
// worker file, so PGlite runs on a worker thread; from the TypeScript sources it runs in-thread.
const dist: EmbeddedStart = await import(`${ROOT}dist/libs/persistence/src/embedded-start.js`);

async function rows(embedded: Embedded, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: embedded.url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

describe('the embedded database as main.js starts it', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it(
    'starts in memory from the build’s schema template (no initdb), with the small cache, on a worker thread',
    async () => {
      expect(existsSync(`${ROOT}dist/libs/persistence/src/embedded-worker.js`)).toBe(true);
      const embedded = await dist.openEmbedded('memory');
      try {
        // The template keeps only `postgres`; initdb would have made template0 and template1 too.
        expect(await rows(embedded, 'SELECT datname FROM pg_database')).toEqual([{ datname: 'postgres' }]);
        expect(await rows(embedded, 'SHOW shared_buffers')).toEqual([{ shared_buffers: '8MB' }]);
        expect(await rows(embedded, `SELECT to_regclass('accounts') IS NOT NULL AS migrated`)).toEqual([
          { migrated: true },
        ]);
      } finally {
        await embedded.close();
      }
    },
    SLOW_MS,
  );

  it(
    'unpacks the template into a fresh data directory, past what a start killed while unpacking left',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'embedded-start-'));
      dirs.push(dir);
      // What a start killed halfway through unpacking leaves: a side directory, and an empty pgdata.
      await mkdir(join(dir, 'pgdata.partial/base'), { recursive: true });
      await writeFile(join(dir, 'pgdata.partial/base/junk'), 'half a file');
      await mkdir(join(dir, 'pgdata'));
      const first = await dist.openEmbedded(dir);
      try {
        await rows(first, 'CREATE TABLE kept AS SELECT 1 AS id');
        expect(await rows(first, `SELECT to_regclass('accounts') IS NOT NULL AS migrated`)).toEqual([
          { migrated: true },
        ]);
      } finally {
        await first.close();
      }
      expect(await readdir(dir)).not.toContain('pgdata.partial');
      // The template carries one WAL segment (the one in use); PostgreSQL makes the next ones.
      expect(
        (await readdir(join(dir, 'pgdata/pg_wal'))).filter((f) => /^[0-9A-F]{24}$/.test(f)).length,
      ).toBeLessThan(4);
      const again = await dist.openEmbedded(dir);
      try {
        expect(await rows(again, 'SELECT id FROM kept')).toEqual([{ id: 1 }]);
      } finally {
        await again.close();
      }
    },
    SLOW_MS,
  );

  it(
    'hands over a prestarted database for its own directory, and closes one for another directory first',
    async () => {
      const [first, second] = await Promise.all([0, 1].map(() => mkdtemp(join(tmpdir(), 'embedded-start-'))));
      dirs.push(first, second);
      dist.prestartEmbedded({ SANDBOX_DATA_DIR: first });
      const taken = await dist.takeEmbedded(first);
      await rows(taken, 'CREATE TABLE kept (id int)');
      // Settings that changed between the prestart and the open: the early database (and its lock) goes.
      dist.prestartEmbedded({ SANDBOX_DATA_DIR: second });
      await taken.close();
      const other = await dist.takeEmbedded(first);
      try {
        expect(existsSync(join(second, 'sandbox.lock'))).toBe(false);
        expect(await rows(other, `SELECT to_regclass('kept') IS NOT NULL AS kept`)).toEqual([{ kept: true }]);
      } finally {
        await other.close();
      }
      expect(existsSync(join(first, 'sandbox.lock'))).toBe(false);
    },
    SLOW_MS,
  );
});
