import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { DomainError } from '#domain';
import type { Page, PageRequest } from '#persistence';

/** Lithic's list parameters, shared by every list endpoint. */
export class ListQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  page_size?: number;

  @ApiPropertyOptional({ description: 'A token: return items older than it' })
  @IsOptional()
  @IsUUID()
  starting_after?: string;

  @ApiPropertyOptional({ description: 'A token: return items newer than it' })
  @IsOptional()
  @IsUUID()
  ending_before?: string;

  @ApiPropertyOptional({ description: 'RFC 3339; only items created at or after it' })
  @IsOptional()
  @IsDateString({ strict: true })
  begin?: string;

  @ApiPropertyOptional({ description: 'RFC 3339; only items created before it' })
  @IsOptional()
  @IsDateString({ strict: true })
  end?: string;
}

export function pageRequest(query: ListQueryDto): PageRequest {
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
