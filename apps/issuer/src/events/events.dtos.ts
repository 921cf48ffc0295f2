import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow } from 'class-validator';
import { LenientPageQueryDto } from '#platform';
import { EVENT_TYPES } from '../webhooks/event-types.js';

/**
 * The spec lists no 400 for `GET /v1/events`, so nothing in its query is refused: an event type the
 * sandbox does not know matches no event, a with_content that is not `false` is true, and the page
 * parameters are read leniently (LenientPageQueryDto).
 */
export class ListEventsQueryDto extends LenientPageQueryDto {
  @ApiPropertyOptional({
    enum: EVENT_TYPES,
    isArray: true,
    description: 'Comma-separated; an unknown type matches no event',
  })
  @Allow()
  @Transform(({ value }) =>
    (Array.isArray(value) ? value : [value])
      .filter((item): item is string => typeof item === 'string')
      .flatMap((item) => item.split(','))
      .filter(Boolean),
  )
  event_types?: string[];

  @ApiPropertyOptional({ default: true, description: 'false: every payload is {}' })
  @Allow()
  @Transform(({ value }) => value !== 'false' && value !== false)
  with_content?: boolean;
}
