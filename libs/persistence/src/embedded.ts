import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  close(): Promise<void>;
}

/**
 * PGlite (Postgres compiled to WASM) served on a loopback socket, so the app keeps plain `pg`, the
 * same SQL and the same migrations as on a real PostgreSQL. PGlite runs one transaction at a time.
 */
export async function startEmbeddedPostgres(
  dataDir: string | 'memory',
  maxConnections: number,
): Promise<EmbeddedPostgres> {
  if (dataDir !== 'memory') await mkdir(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir === 'memory' ? undefined : dataDir);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  await server.start();
  const address = server.getServerConn();
  return {
    url: `postgres://postgres@${address}/postgres`,
    async close() {
      await server.stop();
      await db.close();
    },
  };
}
