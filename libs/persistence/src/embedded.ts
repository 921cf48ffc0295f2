import { existsSync, renameSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { MemoryFS, PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { eachTarEntry, extractTar } from './template-tar.js';

export interface EmbeddedPostgres {
  url: string;
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  /** The file of a dumped, migrated data directory to start a fresh database from (see schema-template.ts). */
  template?: string;
  /** Runs with the database still open, before it closes (the template build dumps it here). */
  beforeClose?: (db: PGlite) => Promise<void>;
  /** initdb's arguments, when there is no template (the template build sets its WAL segment size). */
  initdbParams?: string[];
}

/**
 * PGlite's defaults are PostgreSQL's (128 MB of shared buffers, 100 connections' worth of shared
 * memory), and all of it lands in the WASM heap, resident: most of an idle sandbox's memory. A
 * sandbox's database is small and has one session, so an 8 MB cache holds its working set (the
 * operating system's cache, or PGlite's in-memory files, hold the rest). fsync stays as
 * PGlite has it (off): an answered write is in the operating system's files, which a killed
 * process does not lose.
 */
export const PGLITE_START_PARAMS = [
  ...PGlite.defaultStartParams,
  ...['-c', 'shared_buffers=8MB'],
  ...['-c', 'max_connections=10'],
  // PGlite has no checkpointer: the WAL grows to max_wal_size (1 GB by default) between the
  // checkpoints its one backend makes, and in memory that is RAM. Valid for 16 MB segments too.
  ...['-c', 'max_wal_size=64MB'],
  ...['-c', 'min_wal_size=32MB'],
];

/**
 * V8 compiles PGlite's hot WASM functions again with its optimizing compiler, by default on as
 * many parallel tasks as there are functions waiting, each with its own compiler memory, which
 * the allocator keeps after the task ends: 20-45 MB of an idle sandbox's resident memory. One task
 * compiles the same code in turn; on a 2-core machine that is barely later. The flag is the
 * process's, and only WASM compilation reads it.
 */
const WASM_COMPILATION_FLAG = '--wasm-num-compilation-tasks=1';

/**
 * The app speaks the wire protocol through the socket, which PGlite passes through as bytes; its
 * own query API, and the array-type lookup it makes for that API at start (a catalog scan, the
 * slowest query of a fresh database), go unused.
 */
class ProtocolOnlyPGlite extends PGlite {
  override async _initArrayTypes(): Promise<void> {}
}

/** Where PGlite's data directory is in its own file system (PGDATA in PGlite's sources). */
export const PGLITE_PGDATA = '/pglite/data';

/**
 * PGlite's in-memory file system, filled from the template file entry by entry as PGlite mounts
 * it, so PGlite finds a database and resumes it. Its own way (loadDataDir) takes the whole file as
 * a Blob and copies it twice more while unpacking.
 */
class TemplateMemoryFS extends MemoryFS {
  constructor(private readonly templateFile: string) {
    super();
  }

  override async initialSyncFs(): Promise<void> {
    const fs = this.pg!.Module.FS;
    fs.mkdirTree(PGLITE_PGDATA, 0o700);
    eachTarEntry(this.templateFile, (entry, data) => {
      if (entry.name === '') return;
      const target = `${PGLITE_PGDATA}/${entry.name}`;
      if (entry.directory) fs.mkdirTree(target, entry.mode || 0o700);
      else fs.writeFile(target, data, { mode: entry.mode || 0o600 } as never);
    });
  }
}

/**
 * A fresh data directory on disk, unpacked from the template: into a side directory first and
 * renamed into place, so a start killed halfway leaves no half a database behind.
 */
function unpackTemplate(templateFile: string, dataDir: string): void {
  const partial = `${dataDir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  extractTar(templateFile, partial);
  // A directory without PG_VERSION holds no database (at most an earlier start's leftovers).
  rmSync(dataDir, { recursive: true, force: true });
  renameSync(partial, dataDir);
}

/**
 * PGlite (Postgres compiled to WASM) served on a loopback socket, so the app keeps plain `pg`, the
 * same SQL and the same migrations as on a real PostgreSQL. PGlite runs one transaction at a time.
 * This runs it on the calling thread; embedded-start.ts runs it on a worker thread.
 */
export async function startEmbeddedPostgres(
  dataDir: string | 'memory',
  maxConnections: number,
  options: EmbeddedOptions = {},
): Promise<EmbeddedPostgres> {
  const memory = dataDir === 'memory';
  // A template only seeds a database that does not exist yet; an existing one opens as it is.
  const fresh = memory || !existsSync(join(dataDir, 'PG_VERSION'));
  const template = fresh ? options.template : undefined;
  if (!memory && template) unpackTemplate(template, dataDir);
  else if (!memory) await mkdir(dataDir, { recursive: true });
  setFlagsFromString(WASM_COMPILATION_FLAG);
  const db = new ProtocolOnlyPGlite({
    ...(memory ? (template ? { fs: new TemplateMemoryFS(template) } : {}) : { dataDir }),
    startParams: PGLITE_START_PARAMS,
    ...(options.initdbParams ? { initDbStartParams: options.initdbParams } : {}),
  });
  await db.waitReady;
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
