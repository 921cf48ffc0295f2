import type { DataSource } from 'typeorm';
import { JournalEntryEntity } from '../entities/index.js';
import type { Sql } from '../sql.js';
import { keysetPage, type Page, type PageRequest } from './keyset.js';

export interface JournalFilter {
  method?: string;
  /** A LIKE pattern (see likePattern). */
  pathLike?: string;
  status?: number;
}

/** The request journal: one row per API request of an account, bounded per account. */
export class JournalRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: Sql,
  ) {}

  /** Writes the entry, then trims the account's journal to its newest `keep` entries. */
  async append(entry: JournalEntryEntity, keep: number): Promise<void> {
    await this.sql.query(
      'journal_append',
      `INSERT INTO request_journal (token, account_token, request_id, method, path, query, status,
         duration_ms, request_body, response_body, created)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        entry.token,
        entry.account_token,
        entry.request_id,
        entry.method,
        entry.path,
        entry.query,
        entry.status,
        entry.duration_ms,
        entry.request_body,
        entry.response_body,
        entry.created,
      ],
    );
    await this.sql.query(
      'journal_trim',
      `DELETE FROM request_journal WHERE account_token = $1 AND (created, token) < (
         SELECT created, token FROM request_journal WHERE account_token = $1
         ORDER BY created DESC, token DESC OFFSET $2 LIMIT 1)`,
      [entry.account_token, keep - 1],
    );
  }

  list(accountToken: string, filter: JournalFilter, page: PageRequest): Promise<Page<JournalEntryEntity>> {
    const qb = this.dataSource
      .getRepository(JournalEntryEntity)
      .createQueryBuilder('j')
      .where('j.account_token = :accountToken', { accountToken });
    if (filter.method) qb.andWhere('j.method = :method', { method: filter.method });
    if (filter.pathLike) qb.andWhere('j.path LIKE :pathLike', { pathLike: filter.pathLike });
    if (filter.status !== undefined) qb.andWhere('j.status = :status', { status: filter.status });
    return keysetPage(qb, page);
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
