import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createDataSource } from './data-source.js';
import { PGLITE_PGDATA, startEmbeddedPostgres } from './embedded.js';
import { schemaTemplatePath } from './schema-template-file.js';

export { schemaTemplateFile, schemaTemplatePath } from './schema-template-file.js';

/*
 * A fresh embedded database spends most of its start in PGlite's initdb and the migrations. The
 * build makes both once: an empty, migrated data directory dumped to dist/, named by the migrations
 * it holds, which a first start (or an in-memory one) loads instead. A stale or missing template is
 * simply not used: the start then runs initdb and the migrations as before. It is kept small (15 MB
 * instead of 40): loading it is most of a first or in-memory start, and in memory it stays in RAM.
 */

/** Builds the template unless one for these migrations exists; returns its path. */
export async function buildSchemaTemplate(): Promise<string> {
  const path = schemaTemplatePath();
  if (existsSync(path)) return path;
  let dump: Blob | undefined;
  const embedded = await startEmbeddedPostgres('memory', 2, {
    // 1 MB WAL segments instead of 16: an in-memory sandbox holds its WAL files in RAM.
    initdbParams: ['--wal-segsize=1'],
    beforeClose: async (db: PGlite) => {
      // The sandbox uses the `postgres` database only; template0 and template1 would be two thirds
      // of every copy (on disk, and in RAM for an in-memory sandbox).
      await db.exec(
        `UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')`,
      );
      await db.exec('DROP DATABASE template0');
      await db.exec('DROP DATABASE template1');
      // Little WAL left to replay when a start loads the dump.
      await db.exec('CHECKPOINT');
      // Only the WAL segment in use: the checkpoint kept six after it, already written once, for
      // reuse, 6 MB of the template's 17. PostgreSQL makes a missing next segment when it gets
      // there.
      const current = await db.query<{ name: string }>(
        'SELECT pg_walfile_name(pg_current_wal_lsn()) AS name',
      );
      const fs = db.Module.FS;
      for (const file of fs.readdir(`${PGLITE_PGDATA}/pg_wal`)) {
        if (/^[0-9A-F]{24}$/.test(file) && file > current.rows[0].name)
          fs.unlink(`${PGLITE_PGDATA}/pg_wal/${file}`);
      }
      dump = await db.dumpDataDir('none');
    },
  });
  try {
    const dataSource = createDataSource(embedded.url, 1);
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.destroy();
  } finally {
    await embedded.close();
  }
  await mkdir(dirname(path), { recursive: true });
  // Written whole, then renamed: a start never reads half a template.
  await writeFile(`${path}.partial`, Buffer.from(await dump!.arrayBuffer()));
  await rename(`${path}.partial`, path);
  return path;
}
