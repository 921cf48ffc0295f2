import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { createDataSource } from './data-source.js';
import { startEmbeddedPostgres } from './embedded.js';
import { migrations } from './migrations/index.js';

/**
 * A fresh embedded database spends most of its start in PGlite's initdb and the migrations. The
 * build makes both once: an empty, migrated data directory dumped to dist/, named by the migrations
 * it holds, which a first start (or an in-memory one) loads instead. A stale or missing template is
 * simply not used: the start then runs initdb and the migrations as before.
 */
export function schemaTemplatePath(): string {
  const stamp = createHash('sha256')
    .update(migrations.map((m) => m.name).join('\n'))
    .digest('hex')
    .slice(0, 16);
  return join(packageRoot(), 'dist', `pglite-schema-${stamp}.tar.gz`);
}

export async function loadSchemaTemplate(): Promise<Blob | undefined> {
  const path = schemaTemplatePath();
  return existsSync(path) ? new Blob([await readFile(path)]) : undefined;
}

/** Builds the template unless one for these migrations exists; returns its path. */
export async function buildSchemaTemplate(): Promise<string> {
  const path = schemaTemplatePath();
  if (existsSync(path)) return path;
  let dump: Blob | undefined;
  const embedded = await startEmbeddedPostgres('memory', 2, {
    beforeClose: async (db: PGlite) => void (dump = await db.dumpDataDir('gzip')),
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

/** The directory of package.json, from this file in src/ or dist/. */
function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`package.json not found above ${from}`);
  }
}
