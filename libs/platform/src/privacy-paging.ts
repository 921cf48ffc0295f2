import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { DomainError } from '#domain';
import { IsOmittable } from './validation.js';
import type { NumberedPageRequest } from '#persistence';

const DAY_MS = 86_400_000;

/** Privacy's paging as a page request: `begin` from the start of its day, `end` through the end of its (UTC). */
export function numberedPageRequest(query: PrivacyPageQueryDto): NumberedPageRequest {
  const begin = query.begin === undefined ? undefined : day(query.begin, 'begin');
  const end = query.end === undefined ? undefined : new Date(day(query.end, 'end').getTime() + DAY_MS);
  return { page: query.page ?? 1, pageSize: query.page_size ?? 50, begin, end };
}

function day(value: string, field: string): Date {
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value)
    throw new DomainError('VALIDATION', `${field} must be a date YYYY-MM-DD`);
  return date;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Privacy's paging: `page` from 1, `page_size` up to 1000, `begin`/`end` as days (UTC). */
export class PrivacyPageQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 50 })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  page_size?: number;

  @ApiPropertyOptional({
    example: '2026-01-31',
    description: 'YYYY-MM-DD: created on or after that day (UTC)',
  })
  @IsOmittable()
  @Matches(DAY, { message: 'begin must be a date YYYY-MM-DD' })
  begin?: string;

  @ApiPropertyOptional({
    example: '2026-02-28',
    description: 'YYYY-MM-DD: created on or before that day (UTC)',
  })
  @IsOmittable()
  @Matches(DAY, { message: 'end must be a date YYYY-MM-DD' })
  end?: string;
}
export const PAGE_PARAMS = ['page', 'page_size', 'begin', 'end'];
