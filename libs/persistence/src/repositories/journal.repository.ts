import type { DataSource } from 'typeorm';
import { JournalEntryEntity } from '../entities/index.js';
import { isForeignKeyViolation, retryWhen } from '../database-errors.js';
import type { Sql } from '../sql.js';
import { keysetPage, type Page, type PageRequest } from './keyset.js';

export interface JournalFilter {
  method?: string;
  /** A LIKE pattern (see likePattern). */
  pathLike?: string;
  status?: number;
}

/** Retries of a batch: each lost one to an account deleted during it, and the next sees that delete. */
const APPEND_RETRIES = 2;

/** The request journal: one row per API request of an account, bounded per account. */
export class JournalRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: Sql,
  ) {}

  /**
   * Writes a batch of entries in one statement; those of deleted accounts are dropped. An account
   * deleted while the statement runs passes its EXISTS and then fails its key check, which fails
   * the whole batch: the statement runs again, and then sees the delete.
   */
  append(entries: JournalEntryEntity[]): Promise<void> {
    return retryWhen(isForeignKeyViolation, () => this.insert(entries), APPEND_RETRIES);
  }

  private async insert(entries: JournalEntryEntity[]): Promise<void> {
    if (entries.length === 0) return;
    const column = <K extends keyof JournalEntryEntity>(key: K) => entries.map((e) => e[key]);
    await this.sql.query(
      'journal_append',
      `INSERT INTO request_journal (token, account_token, request_id, method, path, query, status,
         duration_ms, request_body, response_body, created)
       SELECT u.* FROM unnest($1::varchar[], $2::uuid[], $3::varchar[], $4::varchar[], $5::varchar[],
         $6::text[], $7::int[], $8::float8[], $9::text[], $10::text[], $11::timestamptz[])
         AS u (token, account_token, request_id, method, path, query, status, duration_ms, request_body,
           response_body, created)
       -- An account deleted meanwhile (its own DELETE /sandbox/accounts is one) has no journal.
       WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.token = u.account_token)`,
      [
        column('token'),
        column('account_token'),
        column('request_id'),
        column('method'),
        column('path'),
        column('query'),
        column('status'),
        column('duration_ms'),
        column('request_body'),
        column('response_body'),
        column('created'),
      ],
    );
  }

  /** Deletes all but the account's newest `keep` entries. */
  async trim(accountToken: string, keep: number): Promise<void> {
    await this.sql.query(
      'journal_trim',
      `DELETE FROM request_journal WHERE account_token = $1 AND (created, token) < (
         SELECT created, token FROM request_journal WHERE account_token = $1
         ORDER BY created DESC, token DESC OFFSET $2 LIMIT 1)`,
      [accountToken, keep - 1],
    );
  }

  /**
   * A page of the account's newest `keep` entries: entries written since the last trim are there
   * but never shown, so the bound holds exactly for readers while trims are spread out.
   */
  list(
    accountToken: string,
    keep: number,
    filter: JournalFilter,
    page: PageRequest,
  ): Promise<Page<JournalEntryEntity>> {
    const qb = this.dataSource
      .getRepository(JournalEntryEntity)
      .createQueryBuilder('j')
      .where('j.account_token = :accountToken', { accountToken })
      .andWhere(
        `j.token IN (SELECT n.token FROM request_journal n WHERE n.account_token = :accountToken
           ORDER BY n.created DESC, n.token DESC LIMIT :keep)`,
        { keep },
      );
    if (filter.method) qb.andWhere('j.method = :method', { method: filter.method });
    if (filter.pathLike) qb.andWhere('j.path LIKE :pathLike', { pathLike: filter.pathLike });
    if (filter.status !== undefined) qb.andWhere('j.status = :status', { status: filter.status });
    return keysetPage(qb, accountToken, page);
  }
}

/**
 * A path pattern as SQL LIKE: with a `*` it is a glob (`*` matches any run of characters, `/`
 * included), without one a prefix. LIKE's own `%`, `_` and `\` match themselves.
 */
export function likePattern(pattern: string): string {
  const escaped = pattern.replace(/[\\%_]/g, (c) => `\\${c}`);
  return pattern.includes('*') ? escaped.replace(/\*/g, '%') : `${escaped}%`;
}
