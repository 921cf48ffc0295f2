import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsOmittable } from '#platform';

/** Ten years: far enough for any expiry or limit window a test needs. */
export const MAX_ADVANCE_SECONDS = 10 * 366 * 24 * 60 * 60;

export class AdvanceClockDto {
  @ApiPropertyOptional({ description: 'Seconds to move forward (give this or duration)', minimum: 1 })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(MAX_ADVANCE_SECONDS)
  seconds?: number;

  @ApiPropertyOptional({
    description: 'ISO-8601 duration to move forward, e.g. P32D or PT12H',
    example: 'P32D',
  })
  @IsOmittable()
  @IsString()
  @MaxLength(64)
  duration?: string;
}

export class ClockResponseDto {
  @ApiProperty({ format: 'date-time', description: 'The account’s sandbox time' }) now: string;
  @ApiProperty({ description: 'How far the clock is ahead of real time, in seconds' }) offset_seconds: number;
}
