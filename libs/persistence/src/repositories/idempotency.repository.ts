import type { DataSource } from 'typeorm';

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'replay'; statusCode: number; body: unknown }
  | { kind: 'mismatch' }
  | { kind: 'in-progress' };

/** Keys are kept 24 hours; an older one is free to be used again. */
const TTL_MS = 24 * 60 * 60 * 1000;

export class IdempotencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims the key with an insert, so of two concurrent requests with one key exactly one runs; the
   * other sees it in progress, or its stored response once it is done.
   */
  async claim(accountToken: string, key: string, requestHash: string, now: Date): Promise<IdempotencyClaim> {
    const expired = new Date(now.getTime() - TTL_MS);
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (account_token, key, request_hash, created) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_token, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, created = EXCLUDED.created,
         status_code = NULL, response_body = NULL
       WHERE idempotency_keys.created < $5
       RETURNING key`,
      [accountToken, key, requestHash, now, expired],
    );
    if (inserted.length > 0) return { kind: 'claimed' };
    const rows: { request_hash: string; status_code: number | null; response_body: unknown }[] =
      await this.dataSource.query(
        'SELECT request_hash, status_code, response_body FROM idempotency_keys WHERE account_token = $1 AND key = $2',
        [accountToken, key],
      );
    const row = rows[0];
    if (!row) return this.claim(accountToken, key, requestHash, now);
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.status_code === null) return { kind: 'in-progress' };
    return { kind: 'replay', statusCode: row.status_code, body: row.response_body };
  }

  async complete(accountToken: string, key: string, statusCode: number, body: unknown): Promise<void> {
    await this.dataSource.query(
      'UPDATE idempotency_keys SET status_code = $3, response_body = $4 WHERE account_token = $1 AND key = $2',
      [accountToken, key, statusCode, JSON.stringify(body ?? null)],
    );
  }

  /** A request that failed unexpectedly frees its key, so a retry can run. */
  async release(accountToken: string, key: string): Promise<void> {
    await this.dataSource.query(
      'DELETE FROM idempotency_keys WHERE account_token = $1 AND key = $2 AND status_code IS NULL',
      [accountToken, key],
    );
  }
}
