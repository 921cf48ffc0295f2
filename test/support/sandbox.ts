import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Lithic from 'lithic';
import pg from 'pg';
import { afterAll, beforeAll } from '@jest/globals';
import type { INestApplicationContext } from '@nestjs/common';
import { Test, type TestingModule, type TestingModuleBuilder } from '@nestjs/testing';
import { configureApp, createFastifyAdapter, JsonLogger } from '#platform';
import { Database } from '#persistence';
import { ManageSandboxAccounts } from '../../apps/issuer/src/sandbox/manage-sandbox-accounts.use-case.js';
import { SandboxModule } from '../../apps/sandbox/src/sandbox.module.js';

export type TestDatabase = 'embedded' | 'postgres';

/**
 * For beforeAll/afterAll hooks that boot or close a sandbox, and for slow tests. Jest reads
 * `testTimeout` only from the top-level config, not from a project's, so the hooks pass it themselves.
 */
export const SLOW_MS = 60_000;

/** Which database the e2e suites run on: TEST_DATABASE=postgres, or the embedded one by default. */
export function testDatabase(): TestDatabase {
  const value = process.env.TEST_DATABASE ?? 'embedded';
  if (value !== 'embedded' && value !== 'postgres')
    throw new Error(`TEST_DATABASE must be embedded or postgres, got ${value}`);
  return value;
}

/**
 * The PostgreSQL database of this jest worker: TEST_DATABASE_URL's (default card_sandbox_test)
 * with the worker's number appended, created when missing. Jest runs two test files at once, and
 * every sandbox on a database runs a webhook worker that claims any account's deliveries: on one
 * shared database a file's webhooks were delivered, or left claimed, by the other file's sandbox.
 * A worker runs its files one at a time, so each database has one file's sandboxes at a time.
 */
export const POSTGRES_URL = workerDatabase(
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/card_sandbox_test',
  process.env.JEST_WORKER_ID,
);

export function workerDatabase(databaseUrl: string, workerId: string | undefined): string {
  if (!workerId) return databaseUrl;
  const url = new URL(databaseUrl);
  url.pathname = `${url.pathname}_w${workerId}`;
  return url.toString();
}
/** A fixed test secret, so several app instances on one PostgreSQL database read each other's cards. */
export const TEST_SECRET = 'a'.repeat(64);

/**
 * Whether PostgreSQL is reachable. In CI (CI=true) it must be: a missing PostgreSQL fails the run
 * instead of skipping the suites that need it.
 */
export async function postgresAvailable(): Promise<boolean> {
  try {
    await ensurePostgresDatabase();
    return true;
  } catch (error) {
    if (process.env.CI)
      throw new Error(`PostgreSQL is required in CI but unreachable at ${POSTGRES_URL}: ${String(error)}`);
    return false;
  }
}

async function ensurePostgresDatabase(databaseUrl = POSTGRES_URL): Promise<void> {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 2000 });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${name}"`).catch(() => undefined);
  } finally {
    await admin.end();
  }
}

export interface TestAccount {
  accountToken: string;
  apiKey: string;
  client: Lithic;
}

export interface TestSandbox {
  app: NestFastifyApplication;
  url: string;
  database: Database;
  /** A fresh account with its own key and an SDK client bound to it: tests never share data. */
  newAccount(): Promise<TestAccount>;
  client(apiKey: string): Lithic;
  close(): Promise<void>;
}

export interface StartOptions {
  database?: TestDatabase;
  /** Embedded only: a data directory, for restart tests; default a throw-away in-memory database. */
  dataDir?: string;
  env?: Record<string, string | undefined>;
  /**
   * PostgreSQL only: a database of its own (created when missing) instead of TEST_DATABASE_URL's,
   * so this sandbox's webhook worker does not deliver other test files' webhooks.
   */
  databaseUrl?: string;
  /** Swap providers before the app is built, e.g. a test double for a negative control. */
  overrides?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
}

/** Boots the real sandbox app (the same createApp as main.ts) on a random port. */
export async function startSandbox(options: StartOptions = {}): Promise<TestSandbox> {
  const { env, moduleRef } = await compileSandbox(options);
  const app = await withEnv(env, async () => {
    const logger = new JsonLogger((env.LOG_LEVEL as 'warn') ?? 'warn');
    const app = moduleRef.createNestApplication<NestFastifyApplication>(createFastifyAdapter(), { logger });
    configureApp(app, logger, 'Card Sandbox');
    await app.init();
    return app;
  });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const client = (apiKey: string) => new Lithic({ apiKey, baseURL: url, maxRetries: 0, timeout: 30_000 });
  return {
    app,
    url,
    database: app.get(Database),
    client,
    async newAccount() {
      const created = await createTestAccount(app);
      return { ...created, client: client(created.apiKey) };
    },
    close: () => closeWatched(app),
  };
}

/**
 * The sandbox's module, compiled through Nest's testing module (so a test can override a
 * provider) with the environment a test sandbox runs in: the e2e sandboxes and the integration
 * tier's app contexts are built from it alike. Providers read process.env while the module
 * compiles and initialises, so `env` is in place for both (see withEnv).
 */
export async function compileSandbox(
  options: StartOptions = {},
): Promise<{ env: Record<string, string | undefined>; moduleRef: TestingModule }> {
  const database = options.database ?? testDatabase();
  const databaseUrl = options.databaseUrl ?? POSTGRES_URL;
  if (database === 'postgres') await ensurePostgresDatabase(databaseUrl);
  const env: Record<string, string | undefined> = {
    DATABASE_URL: database === 'postgres' ? databaseUrl : undefined,
    SANDBOX_SECRET: database === 'postgres' ? TEST_SECRET : undefined,
    SANDBOX_DATA_DIR: options.dataDir ?? 'memory',
    SANDBOX_API_KEY: undefined,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: '0',
    // On one PostgreSQL every sandbox delivers any account's webhooks, so all test sandboxes share
    // one quick retry policy: a file with its own would change the timing of another file's tests.
    WEBHOOK_RETRY_BASE_MS: '200',
    WEBHOOK_MAX_ATTEMPTS: '8',
    WEBHOOK_TIMEOUT_MS: '2000',
    // PostgreSQL mode refuses private addresses; the test receivers and responders listen on loopback.
    OUTBOUND_ALLOW: database === 'postgres' ? '127.0.0.1' : undefined,
    ...options.env,
  };
  const builder = Test.createTestingModule({ imports: [SandboxModule] });
  const moduleRef = await withEnv(env, () =>
    (options.overrides ? options.overrides(builder) : builder).compile(),
  );
  return { env, moduleRef };
}

/** Runs `work` with `env` laid over process.env (undefined deletes a variable), then restores it. */
export async function withEnv<T>(
  env: Record<string, string | undefined>,
  work: () => Promise<T>,
): Promise<T> {
  const saved = { ...process.env };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    return await work();
  } finally {
    process.env = saved;
  }
}

/** A fresh account with its own key, made as POST /sandbox/accounts makes one. */
export async function createTestAccount(
  app: INestApplicationContext,
): Promise<{ accountToken: string; apiKey: string }> {
  const created = await app.get(ManageSandboxAccounts, { strict: false }).create();
  return { accountToken: created.account_token, apiKey: created.api_key };
}

/**
 * Starts what `start` makes in beforeAll and closes it in afterAll, each hook with SLOW_MS: the
 * returned getter reads it inside tests (and throws if read before beforeAll ran).
 */
export function useStarted<T extends { close(): Promise<void> }>(start: () => Promise<T>): () => T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  }, SLOW_MS);
  afterAll(async () => {
    await started?.close();
  }, SLOW_MS);
  return () => {
    if (!started) throw new Error('Started in beforeAll: read it inside a test or a later hook');
    return started;
  };
}

/**
 * The sandbox of a describe block: `const sandbox = useSandbox()` boots it before the block's tests
 * and closes it after them. `options` may be a function, for options known only once an earlier
 * beforeAll ran (a receiver's URL, say).
 */
export function useSandbox(options: StartOptions | (() => StartOptions) = {}): TestSandbox {
  const current = useStarted(() => startSandbox(typeof options === 'function' ? options() : options));
  return {
    get app() {
      return current().app;
    },
    get url() {
      return current().url;
    },
    get database() {
      return current().database;
    },
    newAccount: () => current().newAccount(),
    client: (apiKey) => current().client(apiKey),
    close: () => current().close(),
  };
}

/** Closes the app; one that takes long says what it is waiting for, so a hung close is diagnosable. */
export async function closeWatched(app: INestApplicationContext): Promise<void> {
  const started = Date.now();
  const watchdog = setInterval(() => void diagnose(app, Date.now() - started), 10_000);
  try {
    await app.close();
  } finally {
    clearInterval(watchdog);
  }
}

async function diagnose(app: INestApplicationContext, elapsedMs: number): Promise<void> {
  const database = app.get(Database);
  const pool = (database.dataSource.driver as unknown as { master?: pg.Pool }).master;
  const poolState = pool && { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
  let activity: unknown = 'n/a';
  if (database.report.mode === 'postgres') {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    try {
      await client.connect();
      activity = (
        await client.query(
          `SELECT pid, state, wait_event_type, wait_event, now() - xact_start AS xact_age, left(query, 200) AS query
             FROM pg_stat_activity WHERE application_name = 'card-sandbox'`,
        )
      ).rows;
    } catch (error) {
      activity = String(error);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  // An integration tier's app context has no HTTP server.
  const server = 'getHttpServer' in app ? (app as NestFastifyApplication).getHttpServer() : undefined;
  const handles = (process as unknown as { _getActiveHandles(): object[] })
    ._getActiveHandles()
    .map((h) => h.constructor.name);
  console.error(
    JSON.stringify(
      { msg: 'sandbox close is slow', elapsedMs, poolState, listening: server?.listening, activity, handles },
      null,
      1,
    ),
  );
}

export function randomIdempotencyKey(): string {
  return randomBytes(12).toString('hex');
}
