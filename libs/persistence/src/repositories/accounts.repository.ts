import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { retryOnDeadlock } from '../database-errors.js';
import { AccountEntity, ApiKeyEntity } from '../entities/index.js';
import { hashApiKey } from '../secrets.js';
import type { Sql } from '../sql.js';

export interface AuthenticatedAccount {
  token: string;
  clockOffsetMs: number;
}

export type AccountPatch = Partial<
  Pick<AccountEntity, 'state' | 'daily_spend_limit' | 'monthly_spend_limit' | 'lifetime_spend_limit'>
>;

export class AccountsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: Sql,
  ) {}

  /** Every authenticated request runs this: two primary-key lookups in one prepared statement. */
  async findByApiKey(apiKey: string): Promise<AuthenticatedAccount | null> {
    const rows = await this.sql.query<{ token: string; clock_offset_ms: string }>(
      'accounts_by_api_key',
      'SELECT a.token, a.clock_offset_ms FROM api_keys k JOIN accounts a ON a.token = k.account_token WHERE k.key_hash = $1',
      [hashApiKey(apiKey)],
    );
    return rows[0] ? { token: rows[0].token, clockOffsetMs: Number(rows[0].clock_offset_ms) } : null;
  }

  findOne(token: string): Promise<AccountEntity | null> {
    return this.dataSource.getRepository(AccountEntity).findOneBy({ token });
  }

  async update(token: string, patch: AccountPatch, now: Date): Promise<AccountEntity | null> {
    await this.dataSource.getRepository(AccountEntity).update({ token }, { ...patch, updated: now });
    return this.findOne(token);
  }

  /** A new account with its own key: the isolation unit for parallel test suites. */
  async create(now: Date, apiKey: string): Promise<AccountEntity> {
    return this.dataSource.transaction(async (tx) => {
      const account = tx
        .getRepository(AccountEntity)
        .create({ token: randomUUID(), state: 'ACTIVE', created: now, updated: now });
      await tx.getRepository(AccountEntity).insert(account);
      await tx
        .getRepository(ApiKeyEntity)
        .insert({ key_hash: hashApiKey(apiKey), account_token: account.token, created: now });
      return account;
    });
  }

  /**
   * Moves the account's sandbox clock forward, unless that passes `maxOffsetMs`; returns the new
   * offset from real time, or null when the cap (or a vanished account) refused it.
   */
  async advanceClock(token: string, byMs: number, maxOffsetMs: number): Promise<number | null> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected count].
    const [rows]: [{ clock_offset_ms: string }[], number] = await this.dataSource.query(
      `UPDATE accounts SET clock_offset_ms = clock_offset_ms + $2
       WHERE token = $1 AND clock_offset_ms + $2 <= $3 RETURNING clock_offset_ms`,
      [token, byMs, maxOffsetMs],
    );
    return rows[0] ? Number(rows[0].clock_offset_ms) : null;
  }

  /**
   * Deletes the account's cards (with their transactions and events) and remembered requests. The
   * account row is locked first: writes in flight on the account finish before, later ones after.
   */
  async reset(token: string): Promise<void> {
    await retryOnDeadlock(() =>
      this.dataSource.transaction(async (tx) => {
        await tx.query('SELECT token FROM accounts WHERE token = $1 FOR UPDATE', [token]);
        for (const table of RESETTABLE_TABLES)
          await tx.query(`DELETE FROM ${table} WHERE account_token = $1`, [token]);
      }),
    );
  }

  /**
   * Deletes the account and, by cascade, everything it owns, its keys included. The DELETE locks
   * the account row before its children, the order every write on the account follows.
   */
  async delete(token: string): Promise<boolean> {
    const result = await retryOnDeadlock(() =>
      this.dataSource.getRepository(AccountEntity).delete({ token }),
    );
    return (result.affected ?? 0) > 0;
  }
}

/** What a reset clears, children first; the account, its keys and its clock stay. */
const RESETTABLE_TABLES = [
  'message_attempts',
  'events',
  'event_subscriptions',
  'transactions',
  'cards',
  'idempotency_keys',
  // Faults set by one test must not fail the next; the request journal stays, to read after a failure.
  'faults',
];
