import { ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { Allow, IsDateString, IsInt, IsOptional, Max, Min, isISO8601 } from 'class-validator';
import { DomainError } from '#domain';
import type { Page, PageRequest } from '#persistence';
import { IsUuid } from './validation.js';

/** The list parameters every list shares; the cursors' format differs by resource, so they are not here. */
export class PageWindowQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  page_size?: number;

  @ApiPropertyOptional({ description: 'RFC 3339; only items created at or after it' })
  @IsOptional()
  @IsDateString({ strict: true })
  begin?: string;

  @ApiPropertyOptional({ description: 'RFC 3339; only items created before it' })
  @IsOptional()
  @IsDateString({ strict: true })
  end?: string;
}

/** Lithic's list parameters for resources with UUID tokens (cards, transactions, accounts). */
export class ListQueryDto extends PageWindowQueryDto {
  @ApiPropertyOptional({ description: 'A token: return items older than it' })
  @IsOptional()
  @IsUuid()
  starting_after?: string;

  @ApiPropertyOptional({ description: 'A token: return items newer than it' })
  @IsOptional()
  @IsUuid()
  ending_before?: string;
}

const PAGE_SIZE = { min: 1, max: 100, default: 50 };

/**
 * For a list whose spec entry lists no 400 (`GET /v1/events`): a wrong value is read as a client
 * would expect, never refused. page_size is clamped into 1..100 (not a number: the default), a
 * begin or end that is not an RFC 3339 time is ignored, and any string is a cursor (one that names
 * nothing of the account's lists nothing, as everywhere). docs/semantics.md (lenient lists).
 */
export class LenientPageQueryDto {
  @Lenient(clampedPageSize, { minimum: 1, maximum: 100, default: 50, description: 'Clamped into 1..100' })
  page_size?: number;

  @Lenient(rfc3339OrUndefined, { description: 'RFC 3339; items created at or after it; else ignored' })
  begin?: string;

  @Lenient(rfc3339OrUndefined, { description: 'RFC 3339; items created before it; else ignored' })
  end?: string;

  @Lenient(lastString, { description: 'A token: return items older than it' })
  starting_after?: string;

  @Lenient(lastString, { description: 'A token: return items newer than it; ignored with starting_after' })
  ending_before?: string;
}

/** A known query parameter, documented, read through `read` and never refused. */
function Lenient(read: (value: unknown) => unknown, docs: ApiPropertyOptions): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional(docs)(target, key);
    Allow()(target, key);
    Transform(({ value }) => read(value))(target, key);
  };
}

/** A repeated parameter (`?page_size=5&page_size=9`) counts by its last value. */
function lastString(value: unknown): string | undefined {
  const last = Array.isArray(value) ? value.at(-1) : value;
  return typeof last === 'string' && last !== '' ? last : undefined;
}

function clampedPageSize(value: unknown): number | undefined {
  const text = lastString(value);
  if (text === undefined || !/^\s*-?\d+\s*$/.test(text)) return undefined;
  return Math.min(Math.max(Number(text), PAGE_SIZE.min), PAGE_SIZE.max);
}

function rfc3339OrUndefined(value: unknown): string | undefined {
  const text = lastString(value);
  return text !== undefined && isISO8601(text, { strict: true }) && !Number.isNaN(Date.parse(text))
    ? text
    : undefined;
}

/** The page a lenient list reads: both cursors given, starting_after is the one used. */
export function lenientPageRequest(query: LenientPageQueryDto): PageRequest {
  return pageRequest({
    ...query,
    ending_before: query.starting_after ? undefined : query.ending_before,
  });
}

export function pageRequest(
  query: PageWindowQueryDto & { starting_after?: string; ending_before?: string },
): PageRequest {
  if (query.starting_after && query.ending_before) {
    throw new DomainError('VALIDATION', 'starting_after and ending_before cannot be used together');
  }
  return {
    pageSize: query.page_size ?? PAGE_SIZE.default,
    startingAfter: query.starting_after,
    endingBefore: query.ending_before,
    begin: query.begin ? new Date(query.begin) : undefined,
    end: query.end ? new Date(query.end) : undefined,
  };
}

export function toListResponse<T, R>(page: Page<T>, map: (item: T) => R): { data: R[]; has_more: boolean } {
  return { data: page.data.map(map), has_more: page.hasMore };
}
