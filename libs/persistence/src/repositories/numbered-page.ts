import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** Privacy's page-numbered lists: page 1 is the newest `pageSize` rows, and the total is counted. */
export interface NumberedPageRequest {
  /** 1-based. */
  page: number;
  pageSize: number;
  begin?: Date;
  end?: Date;
}

export interface NumberedPage<T> {
  data: T[];
  total: number;
}

/**
 * Newest first on (created, token), by OFFSET: what Privacy's `page` means. Unlike the keyset
 * lists, a row inserted meanwhile shifts later pages by one, as it does on Privacy.
 */
export async function numberedPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  request: NumberedPageRequest,
): Promise<NumberedPage<T>> {
  const alias = qb.alias;
  if (request.begin) qb.andWhere(`${alias}.created >= :begin`, { begin: request.begin });
  if (request.end) qb.andWhere(`${alias}.created < :end`, { end: request.end });
  const [data, total] = await qb
    .orderBy(`${alias}.created`, 'DESC')
    .addOrderBy(`${alias}.token`, 'DESC')
    .skip((request.page - 1) * request.pageSize)
    .take(request.pageSize)
    .getManyAndCount();
  return { data, total };
}
