import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsOptional } from 'class-validator';
import { EVENT_TYPES, type EventType } from '../webhooks/event-types.js';
import { QueryList, TokenListQueryDto, unknownEventTypes } from '../webhooks/webhooks.dtos.js';

export class ListEventsQueryDto extends TokenListQueryDto {
  @ApiPropertyOptional({ enum: EVENT_TYPES, isArray: true, description: 'Comma-separated' })
  @IsOptional()
  @QueryList()
  @IsArray()
  @IsIn(EVENT_TYPES, { each: true, message: unknownEventTypes })
  event_types?: EventType[];

  @ApiPropertyOptional({ default: true, description: 'false: every payload is {}' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  with_content?: boolean;
}
