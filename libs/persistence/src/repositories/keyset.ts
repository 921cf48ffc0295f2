import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

export interface PageRequest {
  pageSize: number;
  startingAfter?: string;
  endingBefore?: string;
  begin?: Date;
  end?: Date;
}

export interface Page<T> {
  data: T[];
  hasMore: boolean;
}

/**
 * Newest-first keyset pagination on (created, token), never OFFSET: a page costs the same at any
 * depth, and rows inserted meanwhile neither repeat nor vanish. The cursor's own (created, token)
 * is read in the same statement, so timestamp precision never matters. The cursor is looked up in
 * the caller's account only: another account's token answers exactly as an unknown one does, so a
 * cursor never reveals that a token exists.
 */
export async function keysetPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  accountToken: string,
  page: PageRequest,
): Promise<Page<T>> {
  const alias = qb.alias;
  const table = qb.expressionMap.mainAlias!.metadata.tablePath;
  if (page.begin) qb.andWhere(`${alias}.created >= :begin`, { begin: page.begin });
  if (page.end) qb.andWhere(`${alias}.created < :end`, { end: page.end });
  const backwards = Boolean(page.endingBefore);
  const cursor = page.startingAfter ?? page.endingBefore;
  if (cursor) {
    qb.andWhere(
      `(${alias}.created, ${alias}.token) ${backwards ? '>' : '<'} (SELECT k.created, k.token FROM ${table} k WHERE k.token = :cursor AND k.account_token = :cursorAccount)`,
      { cursor, cursorAccount: accountToken },
    );
  }
  const order = backwards ? 'ASC' : 'DESC';
  const rows = await qb
    .orderBy(`${alias}.created`, order)
    .addOrderBy(`${alias}.token`, order)
    .take(page.pageSize + 1)
    .getMany();
  const hasMore = rows.length > page.pageSize;
  const data = rows.slice(0, page.pageSize);
  return { data: backwards ? data.reverse() : data, hasMore };
}
