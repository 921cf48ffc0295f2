import type { DataSource } from 'typeorm';
import { FaultEntity, type FaultTarget } from '../entities/index.js';
import type { Sql } from '../sql.js';

/** What a consumed fault does; the row's columns, as camelCase. */
export interface Fault {
  token: string;
  status: number | null;
  retryAfter: number | null;
  latencyMs: number;
  drop: boolean;
  timeout: boolean;
}

/**
 * Injected failures (POST /sandbox/faults), shared by every process on the database.
 *
 * Every authenticated request asks for a fault, so the answer "none" must be cheap: on PostgreSQL
 * it is one prepared index probe. The embedded database belongs to this one process, so there the
 * accounts that may have faults are also known in memory and the others skip the query.
 */
export class FaultsRepository {
  /** Exclusive database only: accounts that may have a fault with uses left. */
  private armed?: Promise<Set<string>>;
  /** Bumped by every insert, so an unarm that raced with one is not applied. */
  private inserts = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: Sql,
    /** True when no other process uses the database (embedded PGlite). */
    private readonly exclusive = false,
  ) {}

  /** Stores a fault; the account's used-up ones go at the same time. */
  async insert(fault: FaultEntity): Promise<void> {
    this.inserts++;
    await this.sql.query('faults_prune', 'DELETE FROM faults WHERE account_token = $1 AND remaining <= 0', [
      fault.account_token,
    ]);
    await this.dataSource.getRepository(FaultEntity).insert(fault);
    if (this.exclusive) (await this.armedAccounts()).add(fault.account_token);
  }

  /** The account's faults with uses left, oldest (first to apply) first. */
  active(accountToken: string): Promise<FaultEntity[]> {
    return this.sql.query<FaultEntity>(
      'faults_active',
      `SELECT * FROM faults WHERE account_token = $1 AND remaining > 0 ORDER BY created, token`,
      [accountToken],
    );
  }

  /** Deletes one fault, or all of the account's when `token` is null; returns how many went. */
  async clear(accountToken: string, token: string | null): Promise<number> {
    const inserts = this.inserts;
    const rows = await this.sql.query(
      'faults_clear',
      `DELETE FROM faults WHERE account_token = $1 AND ($2::varchar IS NULL OR token = $2) AND remaining > 0
       RETURNING token`,
      [accountToken, token],
    );
    if (token === null) await this.unarm(accountToken, inserts, false);
    return rows.length;
  }

  /**
   * Uses one count of the oldest matching fault, in one statement, or returns null. The outer
   * `remaining > 0` is checked again on the locked row, so two processes racing for the last count
   * cannot both get it. With no fault, this is one index probe that finds nothing (or, on the
   * exclusive embedded database, no query at all for an account that has none).
   */
  async consume(
    accountToken: string,
    target: FaultTarget,
    method: string,
    path: string,
  ): Promise<Fault | null> {
    if (this.exclusive && !(await this.armedAccounts()).has(accountToken)) return null;
    const inserts = this.inserts;
    const rows = await this.sql.query<FaultEntity>(
      'faults_consume',
      `UPDATE faults SET remaining = remaining - 1
       WHERE token = (
         SELECT token FROM faults
         WHERE account_token = $1 AND target = $2 AND remaining > 0
           AND (method IS NULL OR method = $3) AND $4 LIKE path_like
         ORDER BY created, token LIMIT 1)
         AND remaining > 0
       RETURNING token, status, retry_after, latency_ms, drop, timeout, remaining`,
      [accountToken, target, method, path],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.remaining === 0) await this.unarm(accountToken, inserts, true);
    return {
      token: row.token,
      status: row.status,
      retryAfter: row.retry_after,
      latencyMs: row.latency_ms,
      drop: row.drop,
      timeout: row.timeout,
    };
  }

  private armedAccounts(): Promise<Set<string>> {
    this.armed ??= this.sql
      .query<{ account_token: string }>(
        'faults_armed',
        'SELECT DISTINCT account_token FROM faults WHERE remaining > 0',
        [],
      )
      .then((rows) => new Set(rows.map((r) => r.account_token)));
    return this.armed;
  }

  /** Forgets an account that has no fault left, unless one was inserted meanwhile. */
  private async unarm(accountToken: string, insertsBefore: number, check: boolean): Promise<void> {
    if (!this.exclusive) return;
    if (check) {
      const [{ left }] = await this.sql.query<{ left: boolean }>(
        'faults_left',
        'SELECT EXISTS (SELECT 1 FROM faults WHERE account_token = $1 AND remaining > 0) AS left',
        [accountToken],
      );
      if (left) return;
    }
    if (this.inserts === insertsBefore) (await this.armedAccounts()).delete(accountToken);
  }
}
