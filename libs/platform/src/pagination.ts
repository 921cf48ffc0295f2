import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, Max, Min } from 'class-validator';
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

export function pageRequest(
  query: PageWindowQueryDto & { starting_after?: string; ending_before?: string },
): PageRequest {
  if (query.starting_after && query.ending_before) {
    throw new DomainError('VALIDATION', 'starting_after and ending_before cannot be used together');
  }
  return {
    pageSize: query.page_size ?? 50,
    startingAfter: query.starting_after,
    endingBefore: query.ending_before,
    begin: query.begin ? new Date(query.begin) : undefined,
    end: query.end ? new Date(query.end) : undefined,
  };
}

export function toListResponse<T, R>(page: Page<T>, map: (item: T) => R): { data: R[]; has_more: boolean } {
  return { data: page.data.map(map), has_more: page.hasMore };
}
