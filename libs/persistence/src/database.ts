import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'pg';
import { IsNull, type DataSource } from 'typeorm';
import type { DomainError } from '#domain';
import { vanishedReference } from './database-errors.js';
import { createDataSource, withStartupLock } from './data-source.js';
import type { EmbeddedPostgres } from './embedded.js';
import { takeEmbedded } from './embedded-start.js';
import { PoolWatch } from './pool-watch.js';
import { TokenSource } from './token-source.js';
import { AccountEntity, ApiKeyEntity } from './entities/index.js';
import {
  CardVault,
  deriveKeys,
  hashApiKey,
  loadLocalState,
  newApiKey,
  newMasterSecret,
  parseMasterSecret,
  seededMasterSecret,
  saveLocalState,
  type LocalState,
} from './secrets.js';

export interface DatabaseOptions {
  /** A PostgreSQL URL; unset means the embedded database. */
  databaseUrl?: string;
  /** Where the embedded database keeps its files, or 'memory' for a throw-away one. */
  dataDir: string;
  poolSize: number;
  /** Master secret for PAN encryption, lookup hashes and CVV keys (required on PostgreSQL). */
  secret?: string;
  /** With a seed and no secret, the master secret derives from the seed, so CVVs reproduce too. */
  seed?: string;
  /** Use this API key for the first account instead of generating one. */
  apiKey?: string;
  now: () => Date;
}

/** What start-up found or created, so the app can tell the user how to authenticate. */
export interface StartupReport {
  mode: 'postgres' | 'embedded';
  location: string;
  createdAccount: boolean;
  /** The API key in clear, when the sandbox knows it (generated now, from the data dir, or the env). */
  apiKey: string | null;
  apiKeySource: 'generated' | 'data-dir' | 'env' | 'unknown';
}

// One connection: pglite-socket interleaves messages from different connections on PGlite's single
// session, so a second connection's Parse can land between another's Parse and Bind.
const EMBEDDED_POOL_SIZE = 1;

/** How long a close waits for checked-out connections before it ends them. */
const CLOSE_GRACE_MS = 5_000;

export class Database {
  private readonly poolWatch: PoolWatch;
  private closing: Promise<void> | null = null;

  private constructor(
    readonly dataSource: DataSource,
    readonly vault: CardVault,
    readonly tokens: TokenSource,
    readonly report: StartupReport,
    private readonly embedded: EmbeddedPostgres | null,
    private readonly accountForeignKeys: ReadonlySet<string>,
  ) {
    this.poolWatch = new PoolWatch((dataSource.driver as unknown as { master: Pool }).master);
  }

  /** The domain error for a database failure caused by a concurrent delete or reset, if it is one. */
  domainErrorOf(error: unknown): DomainError | null {
    return vanishedReference(error, this.accountForeignKeys);
  }

  static async open(options: DatabaseOptions): Promise<Database> {
    const { databaseUrl, dataDir, poolSize } = options;
    let embedded: EmbeddedPostgres | null = null;
    let local: LocalState | null = null;
    let secret = options.secret;
    if (!databaseUrl) {
      try {
        // The data directory locked to this process, its database started (perhaps already by main.ts).
        embedded = await takeEmbedded(dataDir);
        const fresh = { secret: options.seed ? seededMasterSecret(options.seed) : newMasterSecret() };
        local = (dataDir === 'memory' ? null : await loadLocalState(dataDir)) ?? fresh;
        secret ??= local.secret;
      } catch (error) {
        await embedded?.close();
        throw error;
      }
    } else if (!secret) {
      throw new Error(
        'SANDBOX_SECRET is required with DATABASE_URL: 64 hex characters (e.g. `openssl rand -hex 32`)',
      );
    }
    const vault = new CardVault(deriveKeys(parseMasterSecret(secret)));
    const dataSource = createDataSource(
      databaseUrl ?? embedded!.url,
      embedded ? EMBEDDED_POOL_SIZE : poolSize,
    );
    try {
      await dataSource.initialize();
      let tokens = TokenSource.random();
      const migrateAndSeed = async () => {
        if (await migrationsPending(dataSource)) await dataSource.runMigrations({ transaction: 'each' });
        if (options.seed)
          tokens = await TokenSource.seeded(options.seed, () => reserveTokenBlock(dataSource));
        return ensureAccountForKey(
          dataSource,
          vault,
          tokens,
          options.apiKey ?? local?.defaultApiKey,
          options.now(),
        );
      };
      // Replicas on one PostgreSQL start together; the embedded database has a single process.
      const { created, apiKey } = embedded
        ? await migrateAndSeed()
        : await withStartupLock(dataSource, migrateAndSeed);
      if (local && dataDir !== 'memory')
        await saveLocalState(dataDir, { ...local, defaultApiKey: apiKey ?? local.defaultApiKey });
      const report: StartupReport = {
        mode: embedded ? 'embedded' : 'postgres',
        location: embedded ? dataDir : redactUrl(databaseUrl!),
        createdAccount: created,
        apiKey: apiKey ?? options.apiKey ?? local?.defaultApiKey ?? null,
        apiKeySource: options.apiKey
          ? 'env'
          : local?.defaultApiKey
            ? 'data-dir'
            : created
              ? 'generated'
              : 'unknown',
      };
      const accountForeignKeys: { conname: string }[] = await dataSource.query(
        `SELECT conname FROM pg_constraint WHERE contype = 'f' AND confrelid = 'accounts'::regclass`,
      );
      return new Database(
        dataSource,
        vault,
        tokens,
        report,
        embedded,
        new Set(accountForeignKeys.map((c) => c.conname)),
      );
    } catch (error) {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.close();
      throw error;
    }
  }

  /**
   * Closes the pool, then the embedded database. A connection still checked out after a grace
   * period (a statement stuck behind a lock, a holder that never releases) is ended, and `warn`
   * hears which statements they were: a stopping process never hangs on its database.
   */
  close(warn: (busy: string[]) => void = () => undefined): Promise<void> {
    this.closing ??= this.closeOnce(warn);
    return this.closing;
  }

  /** True from the moment close() is called: a request that meets the closed pool is a 503, not a 500. */
  get isClosing(): boolean {
    return this.closing !== null;
  }

  private async closeOnce(warn: (busy: string[]) => void): Promise<void> {
    if (this.dataSource.isInitialized) {
      const destroyed = this.dataSource.destroy().then(() => true);
      const grace = () => sleep(CLOSE_GRACE_MS, false, { ref: false });
      if (!(await Promise.race([destroyed, grace()]))) {
        warn(this.poolWatch.busy());
        this.poolWatch.endCheckedOut();
        // A holder that never releases even a dead connection is left behind, not waited for.
        await Promise.race([destroyed, grace()]);
      }
    }
    await this.embedded?.close();
  }
}

/**
 * An empty database gets one account and one key, so `npm start` is usable at once. A configured
 * key (SANDBOX_API_KEY, or the data directory's default key) belongs to its own account: if the key
 * is unknown (new, or its account was deleted, which deletes its keys), it gets a fresh, empty
 * account. It is never attached to an account that already exists. A known key made before keys were
 * kept sealed gets its sealed copy now, so the embedded card page can verify what it signs.
 */
async function ensureAccountForKey(
  dataSource: DataSource,
  vault: CardVault,
  tokens: TokenSource,
  wantedKey: string | undefined,
  now: Date,
): Promise<{ created: boolean; apiKey: string | null }> {
  return dataSource.transaction(async (tx) => {
    const known = wantedKey
      ? await tx.getRepository(ApiKeyEntity).existsBy({ key_hash: hashApiKey(wantedKey) })
      : await tx.getRepository(AccountEntity).exists();
    if (known) {
      if (wantedKey)
        await tx
          .getRepository(ApiKeyEntity)
          .update(
            { key_hash: hashApiKey(wantedKey), key_sealed: IsNull() },
            { key_sealed: vault.seal('api-key', wantedKey) },
          );
      return { created: false, apiKey: null };
    }
    const account = { token: tokens.uuid(), state: 'ACTIVE' as const, created: now, updated: now };
    await tx.getRepository(AccountEntity).insert(account);
    const apiKey = wantedKey ?? newApiKey();
    await tx.getRepository(ApiKeyEntity).insert({
      key_hash: hashApiKey(apiKey),
      account_token: account.token,
      created: now,
      key_sealed: vault.seal('api-key', apiKey),
    });
    return { created: true, apiKey };
  });
}

/**
 * Whether a migration is still to run. TypeORM would find out through information_schema, whose
 * views cost a fresh embedded database a noticeable part of its start; this asks the catalog.
 */
async function migrationsPending(dataSource: DataSource): Promise<boolean> {
  const [{ present }]: { present: boolean }[] = await dataSource.query(
    `SELECT to_regclass('migrations') IS NOT NULL AS present`,
  );
  if (!present) return true;
  const done: { name: string }[] = await dataSource.query('SELECT name FROM migrations');
  const names = new Set(done.map((row) => row.name));
  return dataSource.migrations.some((migration) => !names.has(migration.name ?? migration.constructor.name));
}

async function reserveTokenBlock(dataSource: DataSource): Promise<number> {
  const [row]: { block: string }[] = await dataSource.query(`SELECT nextval('token_blocks') AS block`);
  return Number(row.block);
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}
