import type { DataSource } from 'typeorm';
import { retryOnDeadlock } from '../database-errors.js';
import { AccountEntity } from '../entities/index.js';
import { hashApiKey, type CardVault } from '../secrets.js';
import type { Queryable, Sql } from '../sql.js';
import type { AccountUpdate } from '#domain';
import { COUNT_ACCOUNT_SPEND } from '../spend-counters.js';

export interface AuthenticatedAccount {
  token: string;
  clockOffsetMs: number;
  /**
   * Whether the account had an API fault with uses left when its key was read, so a request of an
   * account without one spends no statement looking for one. Absent: not known, look.
   */
  apiFaults?: boolean;
}

export class AccountsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: Sql,
    private readonly vault: CardVault,
  ) {}

  /** Every authenticated request runs this: two primary-key lookups in one prepared statement. */
  async findByApiKey(apiKey: string): Promise<AuthenticatedAccount | null> {
    const rows = await this.sql.query<{ token: string; clock_offset_ms: string; api_faults: boolean }>(
      'accounts_by_api_key',
      `SELECT a.token, a.clock_offset_ms, EXISTS (SELECT 1 FROM faults f
         WHERE f.account_token = a.token AND f.target = 'api' AND f.remaining > 0) AS api_faults
       FROM api_keys k JOIN accounts a ON a.token = k.account_token WHERE k.key_hash = $1`,
      [hashApiKey(apiKey)],
    );
    const row = rows[0];
    return row
      ? { token: row.token, clockOffsetMs: Number(row.clock_offset_ms), apiFaults: row.api_faults }
      : null;
  }

  findOne(token: string): Promise<AccountEntity | null> {
    return this.dataSource.getRepository(AccountEntity).findOneBy({ token });
  }

  /**
   * Makes the account keep its spend counters, if it kept none: with the row locked FOR UPDATE
   * (every charge that read the flag unset has committed; later ones wait, then read it set), the
   * flag set and the counters built from its transactions in a statement of their own, which sees
   * those charges. Call it in a transaction of its own, or one that locked only this account.
   * False when the account is gone.
   */
  async countSpend(tx: Queryable, token: string): Promise<boolean> {
    const [row] = await tx.query<{ counts_spend: boolean }>(
      'account_counts_spend',
      'SELECT counts_spend FROM accounts WHERE token = $1 FOR UPDATE',
      [token],
    );
    if (!row) return false;
    if (row.counts_spend) return true;
    await tx.query('account_count_spend_set', 'UPDATE accounts SET counts_spend = true WHERE token = $1', [
      token,
    ]);
    await tx.query('account_count_spend', COUNT_ACCOUNT_SPEND, [token]);
    return true;
  }

  /** The account row locked FOR UPDATE: writes in flight on the account finish first, later ones wait. */
  async lock(tx: Queryable, token: string): Promise<AccountEntity | null> {
    const [row] = await tx.query<AccountEntity>(
      'account_lock',
      'SELECT * FROM accounts WHERE token = $1 FOR UPDATE',
      [token],
    );
    return row ? toAccountEntity(row) : null;
  }

  async update(tx: Queryable, token: string, update: AccountUpdate, now: Date): Promise<AccountEntity> {
    // A field left out keeps its value: `$n::boolean` says whether the update sets it.
    const [row] = await tx.query<AccountEntity>(
      'account_update',
      `UPDATE accounts SET
         state = CASE WHEN $2::boolean THEN $3 ELSE state END,
         daily_spend_limit = CASE WHEN $4::boolean THEN $5::bigint ELSE daily_spend_limit END,
         monthly_spend_limit = CASE WHEN $6::boolean THEN $7::bigint ELSE monthly_spend_limit END,
         lifetime_spend_limit = CASE WHEN $8::boolean THEN $9::bigint ELSE lifetime_spend_limit END,
         updated = $10,
         substatus = CASE WHEN $11::boolean THEN $12 ELSE substatus END,
         comment = CASE WHEN $13::boolean THEN $14 ELSE comment END,
         verification_address = CASE WHEN $15::boolean THEN $16::jsonb ELSE verification_address END
       WHERE token = $1 RETURNING *`,
      [
        token,
        'state' in update,
        update.state ?? null,
        'dailySpendLimit' in update,
        update.dailySpendLimit ?? null,
        'monthlySpendLimit' in update,
        update.monthlySpendLimit ?? null,
        'lifetimeSpendLimit' in update,
        update.lifetimeSpendLimit ?? null,
        now,
        'substatus' in update,
        update.substatus ?? null,
        'comment' in update,
        update.comment ?? null,
        'verificationAddress' in update,
        update.verificationAddress ? JSON.stringify(update.verificationAddress) : null,
      ],
    );
    return toAccountEntity(row);
  }

  async insert(tx: Queryable, token: string, now: Date): Promise<AccountEntity> {
    const [row] = await tx.query<AccountEntity>(
      'account_insert',
      `INSERT INTO accounts (token, state, created, updated) VALUES ($1, 'ACTIVE', $2, $2) RETURNING *`,
      [token, now],
    );
    return toAccountEntity(row);
  }

  async insertApiKey(tx: Queryable, accountToken: string, apiKey: string, now: Date): Promise<void> {
    await tx.query(
      'api_key_insert',
      'INSERT INTO api_keys (key_hash, account_token, created, key_sealed) VALUES ($1, $2, $3, $4)',
      [hashApiKey(apiKey), accountToken, now, this.vault.seal('api-key', apiKey)],
    );
  }

  /** The account that owns the card and its keys, to check an embed request's HMAC against. */
  async keysOfCardAccount(cardToken: string): Promise<{ accountToken: string; keys: string[] } | null> {
    const rows = await this.sql.query<{ account_token: string; key_sealed: string }>(
      'api_keys_of_card_account',
      `SELECT c.account_token, k.key_sealed FROM cards c JOIN api_keys k ON k.account_token = c.account_token
       WHERE c.token = $1 AND k.key_sealed IS NOT NULL`,
      [cardToken],
    );
    if (rows.length === 0) return null;
    return {
      accountToken: rows[0].account_token,
      keys: rows.map((row) => this.vault.open('api-key', row.key_sealed)),
    };
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

  /** Puts back an account's settings and clock, as a snapshot had them. */
  async restore(tx: Queryable, token: string, settings: RestoredSettings, now: Date): Promise<void> {
    await tx.query(
      'account_restore',
      `UPDATE accounts SET state = $2, daily_spend_limit = $3, monthly_spend_limit = $4,
         lifetime_spend_limit = $5, clock_offset_ms = $6, auth_stream_secret_sealed = $7, updated = $8,
         substatus = $9, comment = $10, verification_address = $11, three_ds_secret_sealed = $12
       WHERE token = $1`,
      [
        token,
        settings.state,
        settings.daily_spend_limit,
        settings.monthly_spend_limit,
        settings.lifetime_spend_limit,
        settings.clock_offset_ms,
        settings.auth_stream_secret_sealed,
        now,
        settings.substatus,
        settings.comment,
        settings.verification_address === null ? null : JSON.stringify(settings.verification_address),
        settings.three_ds_secret_sealed,
      ],
    );
  }

  /** Deletes one kind of what the account owns (see RESETTABLE_TABLES, children first). */
  async deleteOwned(tx: Queryable, table: OwnedTable, token: string): Promise<void> {
    await tx.query(`reset_${table}`, `DELETE FROM ${table} WHERE account_token = $1`, [token]);
  }

  /**
   * Deletes the account and, by cascade, everything it owns, its keys included. The DELETE locks
   * the account row before its children, the order every write on the account follows.
   */
  async delete(token: string): Promise<boolean> {
    // The cascade takes the children in its own order, so under load on the account (charges
    // writing its spend counters) it can lose a deadlock more than once; each try is whole.
    const result = await retryOnDeadlock(
      () => this.dataSource.getRepository(AccountEntity).delete({ token }),
      DELETE_DEADLOCK_RETRIES,
    );
    return (result.affected ?? 0) > 0;
  }
}

const DELETE_DEADLOCK_RETRIES = 8;

/** What a reset clears, children first; the account, its keys and its clock stay. */
export const RESETTABLE_TABLES = [
  // Auth rules take their versions and backtests with them (ON DELETE CASCADE); their
  // evaluations have no key to them (see AuthRuleEvaluationEntity) and go first.
  'auth_rule_evaluations',
  'auth_rules',
  'message_attempts',
  'events',
  'event_subscriptions',
  'transactions',
  // The cards' counters go with the cards (ON DELETE CASCADE); the account's are its own.
  'account_velocity_counters',
  'cards',
  'idempotency_keys',
  // Faults set by one test must not fail the next; the request journal stays, to read after a failure.
  'faults',
] as const;
export type ResettableTable = (typeof RESETTABLE_TABLES)[number];
/** A reset keeps the responder enrolment and the added funding sources; a restore replaces them too. */
export type OwnedTable = ResettableTable | 'responder_endpoints' | 'funding_sources';

export type RestoredSettings = Pick<
  AccountEntity,
  | 'state'
  | 'daily_spend_limit'
  | 'monthly_spend_limit'
  | 'lifetime_spend_limit'
  | 'clock_offset_ms'
  | 'auth_stream_secret_sealed'
  | 'three_ds_secret_sealed'
  | 'substatus'
  | 'comment'
  | 'verification_address'
>;

/** An account row read with `*`: bigint columns arrive as strings. */
function toAccountEntity(row: AccountEntity): AccountEntity {
  const cents = (v: unknown) => (v === null ? null : Number(v));
  return Object.assign(new AccountEntity(), row, {
    daily_spend_limit: cents(row.daily_spend_limit),
    monthly_spend_limit: cents(row.monthly_spend_limit),
    lifetime_spend_limit: cents(row.lifetime_spend_limit),
    clock_offset_ms: Number(row.clock_offset_ms),
  });
}
