import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { lockDataDir } from './data-dir-lock.js';
import type { EmbeddedPostgres } from './embedded.js';

// Starting the embedded database, kept free of TypeORM and Nest so main.ts can start it first and
// load the app's modules while it boots.

/** SANDBOX_DATA_DIR when unset. */
export const DEFAULT_DATA_DIR = './.sandbox-data';

/** pglite-socket interleaves connections on PGlite's one session, so the app uses one (plus a spare). */
const MAX_CONNECTIONS = 2;

const WORKER = fileURLToPath(new URL('./embedded-worker.js', import.meta.url));

/**
 * The embedded database of `dataDir` ('memory' for a throw-away one): the directory locked to this
 * process, PGlite started on a worker thread (its WASM start and its queries then run beside the
 * app's own work, on another core), served on a loopback port. Run from the TypeScript sources
 * (jest), where there is no compiled worker file, it runs on the calling thread instead.
 */
export async function openEmbedded(dataDir: string): Promise<EmbeddedPostgres> {
  const memory = dataDir === 'memory';
  const lock = memory ? null : await lockDataDir(dataDir);
  const pgdata = memory ? 'memory' : join(dataDir, 'pgdata');
  try {
    const embedded = existsSync(WORKER) ? await onWorker(pgdata) : await onThisThread(pgdata);
    return {
      url: embedded.url,
      async close() {
        try {
          await embedded.close();
        } finally {
          await lock?.release();
        }
      },
    };
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

async function onThisThread(dataDir: string): Promise<EmbeddedPostgres> {
  const [{ startEmbeddedPostgres }, { schemaTemplateFile }] = await Promise.all([
    import('./embedded.js'),
    import('./schema-template-file.js'),
  ]);
  return startEmbeddedPostgres(dataDir, MAX_CONNECTIONS, { template: schemaTemplateFile() });
}

type Reply = { url?: string; error?: string; closed?: boolean };

function onWorker(dataDir: string): Promise<EmbeddedPostgres> {
  const worker = new Worker(WORKER, {
    // Its JavaScript is the socket server's few objects per message; V8's default young generation
    // (up to 16 MB a semi-space, kept once grown) is sized for an app, not for this.
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
    workerData: { dataDir, maxConnections: MAX_CONNECTIONS },
  });
  const reply = () =>
    new Promise<Reply>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`the embedded database stopped (exit code ${code})`));
      worker.once('exit', onExit);
      worker.once('error', reject);
      worker.once('message', (message: Reply) => {
        worker.off('exit', onExit).off('error', reject);
        resolve(message);
      });
    });
  return reply().then(async (started) => {
    if (!started.url) {
      await worker.terminate();
      throw new Error(started.error ?? 'the embedded database did not start');
    }
    let closing = false;
    // As when PGlite ran on this thread, a database that dies takes the process with it, loudly,
    // rather than leaving it to answer every request with a connection error.
    worker.once('exit', (code) => {
      if (!closing)
        setImmediate(() => {
          throw new Error(`the embedded database stopped unexpectedly (exit code ${code})`);
        });
    });
    return {
      url: started.url,
      async close() {
        closing = true;
        const answer = reply();
        worker.postMessage('close');
        const closed = await answer.finally(() => worker.terminate());
        if (!closed.closed) throw new Error(`closing the embedded database failed: ${closed.error}`);
      },
    };
  });
}

let early: { dataDir: string; embedded: Promise<EmbeddedPostgres> } | null = null;

/**
 * Starts the embedded database for the settings of this process now (main.ts, before it loads the
 * app), for the Database.open that follows to take. Nothing to start with a DATABASE_URL.
 */
export function prestartEmbedded(settings: Record<string, string | undefined>): void {
  if (settings.DATABASE_URL || early) return;
  const dataDir = settings.SANDBOX_DATA_DIR || DEFAULT_DATA_DIR;
  const embedded = openEmbedded(dataDir);
  // Its failure (a locked data directory) is reported by the Database.open that takes it.
  embedded.catch(() => undefined);
  early = { dataDir, embedded };
}

/** The database prestartEmbedded started for `dataDir`, else a new one. */
export async function takeEmbedded(dataDir: string): Promise<EmbeddedPostgres> {
  const started = early;
  early = null;
  if (started?.dataDir === dataDir) return started.embedded;
  // Settings that changed in between: the early one (which holds the lock) goes first.
  if (started) await started.embedded.then((embedded) => embedded.close()).catch(() => undefined);
  return openEmbedded(dataDir);
}
