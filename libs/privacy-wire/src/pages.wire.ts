/** A page of Privacy's page-numbered lists: 1-based `page`, and the totals over every page. */
export interface NumberedPage<T> {
  data: T[];
  page: number;
  total_entries: number;
  total_pages: number;
}

export function toNumberedPage<T, R>(
  found: { data: T[]; total: number },
  request: { page: number; pageSize: number },
  map: (item: T) => R,
): NumberedPage<R> {
  return {
    data: found.data.map(map),
    page: request.page,
    total_entries: found.total,
    total_pages: Math.ceil(found.total / request.pageSize),
  };
}
