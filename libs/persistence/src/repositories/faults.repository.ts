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

/** Injected failures (POST /sandbox/faults), shared by every process on the database. */
export class FaultsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: Sql,
  ) {}

  /** Stores a fault; the account's used-up ones go at the same time. */
  async insert(fault: FaultEntity): Promise<void> {
    await this.sql.query('faults_prune', 'DELETE FROM faults WHERE account_token = $1 AND remaining <= 0', [
      fault.account_token,
    ]);
    await this.dataSource.getRepository(FaultEntity).insert(fault);
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
    const rows = await this.sql.query(
      'faults_clear',
      `DELETE FROM faults WHERE account_token = $1 AND ($2::varchar IS NULL OR token = $2) AND remaining > 0
       RETURNING token`,
      [accountToken, token],
    );
    return rows.length;
  }

  /**
   * Uses one count of the oldest matching fault, in one statement, or returns null. The outer
   * `remaining > 0` is checked again on the locked row, so two processes racing for the last count
   * cannot both get it. With no fault, this is one index probe that finds nothing.
   */
  async consume(
    accountToken: string,
    target: FaultTarget,
    method: string,
    path: string,
  ): Promise<Fault | null> {
    const rows = await this.sql.query<FaultEntity>(
      'faults_consume',
      `UPDATE faults SET remaining = remaining - 1
       WHERE token = (
         SELECT token FROM faults
         WHERE account_token = $1 AND target = $2 AND remaining > 0
           AND (method IS NULL OR method = $3) AND $4 LIKE path_like
         ORDER BY created, token LIMIT 1)
         AND remaining > 0
       RETURNING token, status, retry_after, latency_ms, drop, timeout`,
      [accountToken, target, method, path],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      token: row.token,
      status: row.status,
      retryAfter: row.retry_after,
      latencyMs: row.latency_ms,
      drop: row.drop,
      timeout: row.timeout,
    };
  }
}
