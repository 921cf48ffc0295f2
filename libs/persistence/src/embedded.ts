import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  /** A dumped, migrated data directory to start a fresh database from (see schema-template.ts). */
  template?: () => Promise<Blob | undefined>;
  /** Runs with the database still open, before it closes (the template build dumps it here). */
  beforeClose?: (db: PGlite) => Promise<void>;
}

/**
 * PGlite (Postgres compiled to WASM) served on a loopback socket, so the app keeps plain `pg`, the
 * same SQL and the same migrations as on a real PostgreSQL. PGlite runs one transaction at a time.
 */
export async function startEmbeddedPostgres(
  dataDir: string | 'memory',
  maxConnections: number,
  options: EmbeddedOptions = {},
): Promise<EmbeddedPostgres> {
  const memory = dataDir === 'memory';
  if (!memory) await mkdir(dataDir, { recursive: true });
  // A template only seeds a database that does not exist yet; an existing one opens as it is.
  const fresh = memory || !existsSync(join(dataDir, 'PG_VERSION'));
  const loadDataDir = fresh ? await options.template?.() : undefined;
  const db = await PGlite.create(memory ? undefined : dataDir, loadDataDir ? { loadDataDir } : {});
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgres://postgres@${address}/postgres`,
    async close() {
      await server.stop();
      await options.beforeClose?.(db);
      await db.close();
    },
  };
}
