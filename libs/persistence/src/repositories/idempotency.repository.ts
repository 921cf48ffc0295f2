import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

export type IdempotencyClaim =
  /** This request runs; `claim` names it, and effects that must happen once carry it. */
  | { kind: 'claimed'; claim: string }
  | { kind: 'replay'; statusCode: number; body: unknown }
  | { kind: 'mismatch' }
  | { kind: 'in-progress' };

/** Keys are kept 24 hours; an older one is free to be used again. */
const TTL_MS = 24 * 60 * 60 * 1000;

interface KeyRow {
  request_hash: string;
  status_code: number | null;
  response_body: unknown;
  claim: string;
  created: Date;
  lease_expired: boolean;
}

export class IdempotencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims the key with an insert, so of two concurrent requests with one key exactly one runs; the
   * other sees it in progress, or its stored response once it is done. A claim whose lease ran out
   * with no response stored (its process died) is taken over by the next retry, under the same
   * claim id, so what the dead run committed is found, not done again.
   *
   * `now` is the account's clock (the 24-hour window); `realNow` and `leaseMs` are real time.
   */
  async claim(
    accountToken: string,
    key: string,
    requestHash: string,
    now: Date,
    realNow: Date,
    leaseMs: number,
  ): Promise<IdempotencyClaim> {
    const expired = new Date(now.getTime() - TTL_MS);
    const leaseExpires = new Date(realNow.getTime() + leaseMs);
    const inserted: { claim: string }[] = await this.dataSource.query(
      `INSERT INTO idempotency_keys (account_token, key, request_hash, created, lease_expires, claim)
       VALUES ($1, $2, $3, $4, $6, $7)
       ON CONFLICT (account_token, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, created = EXCLUDED.created,
         status_code = NULL, response_body = NULL, claim = EXCLUDED.claim, lease_expires = EXCLUDED.lease_expires
       WHERE idempotency_keys.created < $5
       RETURNING claim`,
      [accountToken, key, requestHash, now, expired, leaseExpires, randomUUID()],
    );
    if (inserted.length > 0) return { kind: 'claimed', claim: inserted[0].claim };
    const rows: KeyRow[] = await this.dataSource.query(
      `SELECT request_hash, status_code, response_body, claim, created,
         COALESCE(lease_expires < $3, true) AS lease_expired
       FROM idempotency_keys WHERE account_token = $1 AND key = $2`,
      [accountToken, key, realNow],
    );
    const row = rows[0];
    if (!row) return this.claim(accountToken, key, requestHash, now, realNow, leaseMs);
    const sameRequest = row.request_hash === requestHash;
    if (row.status_code !== null) {
      return sameRequest
        ? { kind: 'replay', statusCode: row.status_code, body: row.response_body }
        : { kind: 'mismatch' };
    }
    if (!row.lease_expired) return sameRequest ? { kind: 'in-progress' } : { kind: 'mismatch' };
    // The lease ran out with no answer stored. The same request takes it over under the same claim
    // (to find what the dead run committed); a different one (a corrected retry after a failure)
    // starts a new claim. Of several retries racing, the one whose update matches wins.
    const taken: { claim: string }[] = await this.dataSource.query(
      // A CTE, so TypeORM returns the rows (for a bare UPDATE it returns [rows, count]).
      `WITH taken AS (UPDATE idempotency_keys SET lease_expires = $4, request_hash = $6::varchar, created = $7,
         claim = CASE WHEN request_hash = $6::varchar THEN claim ELSE $8::uuid END
       WHERE account_token = $1 AND key = $2 AND claim = $3 AND status_code IS NULL
         AND (lease_expires IS NULL OR lease_expires < $5)
       RETURNING claim) SELECT claim FROM taken`,
      [
        accountToken,
        key,
        row.claim,
        leaseExpires,
        realNow,
        requestHash,
        sameRequest ? row.created : now,
        randomUUID(),
      ],
    );
    if (taken.length > 0) return { kind: 'claimed', claim: taken[0].claim };
    return this.claim(accountToken, key, requestHash, now, realNow, leaseMs);
  }

  /** Stores the answer; only the claim that ran may (a run that lost its lease to a retry of itself stores the same). */
  async complete(
    accountToken: string,
    key: string,
    claim: string,
    statusCode: number,
    body: unknown,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET status_code = $4, response_body = $5, lease_expires = NULL
       WHERE account_token = $1 AND key = $2 AND claim = $3 AND status_code IS NULL`,
      [accountToken, key, claim, statusCode, JSON.stringify(body ?? null)],
    );
  }

  /**
   * A request that failed unexpectedly gives up its lease at once, so a retry can run. The claim is
   * kept: if the failure came after an effect committed, the retry finds it instead of repeating it.
   */
  async release(accountToken: string, key: string, claim: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys SET lease_expires = NULL
       WHERE account_token = $1 AND key = $2 AND claim = $3 AND status_code IS NULL`,
      [accountToken, key, claim],
    );
  }
}
