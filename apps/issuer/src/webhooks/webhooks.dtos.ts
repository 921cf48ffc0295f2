import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  type ValidationArguments,
} from 'class-validator';
import { IsOmittable, PageWindowQueryDto, URL_MAX_LENGTH } from '#platform';
import type { AttemptStatus } from '#persistence';
import { EVENT_TYPES, type EventType } from './event-types.js';

const DESCRIPTION_MAX_LENGTH = 512;
const ATTEMPT_STATUSES: AttemptStatus[] = ['FAILED', 'PENDING', 'SENDING', 'SUCCESS'];

/** Names the values that are not event types, rather than listing the sixty that are. */
export function unknownEventTypes({ property, value }: ValidationArguments): string {
  if (!Array.isArray(value))
    return `${property} must be a Lithic event type (such as card.created), not ${JSON.stringify(value)}`;
  const unknown = value.filter((v) => !(EVENT_TYPES as readonly unknown[]).includes(v));
  return `${property} must contain only Lithic event types (such as card.created); unknown: ${unknown
    .map((v) => JSON.stringify(v))
    .join(', ')}`;
}

/**
 * A sandbox delivers to the developer's machine, so http and localhost are fine; other schemes are
 * not. Which addresses are reachable is the outbound policy's call (OutboundHttp).
 */
const IsWebhookUrl = () =>
  IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, allow_underscores: true },
    { message: 'url must be an http:// or https:// URL' },
  );

class SubscriptionFieldsDto {
  @ApiProperty({
    example: 'https://example.com/webhooks',
    description: 'http or https; private addresses need OUTBOUND_ALLOW when the sandbox runs on PostgreSQL',
  })
  @IsWebhookUrl()
  @MaxLength(URL_MAX_LENGTH)
  url: string;

  @ApiPropertyOptional({ maxLength: DESCRIPTION_MAX_LENGTH })
  @IsOmittable()
  @IsString()
  @MaxLength(DESCRIPTION_MAX_LENGTH)
  description?: string;

  @ApiPropertyOptional({ default: false, description: 'true: nothing is delivered' })
  @IsOmittable()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ enum: EVENT_TYPES, isArray: true, description: 'Empty or absent: every type' })
  @IsOmittable()
  @IsArray()
  @IsIn(EVENT_TYPES, { each: true, message: unknownEventTypes })
  event_types?: EventType[];
}

/** Lithic's spec requires `url` on update as well as on create. */
export class CreateEventSubscriptionDto extends SubscriptionFieldsDto {}
export class UpdateEventSubscriptionDto extends SubscriptionFieldsDto {}

export class SendExampleDto {
  @ApiPropertyOptional({
    enum: EVENT_TYPES,
    description: "Default: the subscription's first event type, else card.created",
  })
  @IsOmittable()
  @IsIn(EVENT_TYPES, { message: unknownEventTypes })
  event_type?: EventType;
}

/** Event and subscription tokens are prefixed (`msg_`, `ep_`, `atmpt_`), not UUIDs. */
export class TokenListQueryDto extends PageWindowQueryDto {
  @ApiPropertyOptional({ description: 'A token: return items older than it' })
  @IsOptional()
  @Matches(/^[a-z]+_[0-9A-Za-z]{1,40}$/, {
    message: 'starting_after must be a token from this list (msg_…, ep_… or atmpt_…)',
  })
  starting_after?: string;

  @ApiPropertyOptional({ description: 'A token: return items newer than it' })
  @IsOptional()
  @Matches(/^[a-z]+_[0-9A-Za-z]{1,40}$/, {
    message: 'ending_before must be a token from this list (msg_…, ep_… or atmpt_…)',
  })
  ending_before?: string;
}

export class ListEventSubscriptionsQueryDto extends TokenListQueryDto {}

export class ListAttemptsQueryDto extends TokenListQueryDto {
  @ApiPropertyOptional({ enum: ATTEMPT_STATUSES })
  @IsOptional()
  @IsIn(ATTEMPT_STATUSES)
  status?: AttemptStatus;
}

/** `recover` and `replay_missing` take their window in the query string. */
export class TimeWindowQueryDto {
  @ApiPropertyOptional({ description: 'RFC 3339; default: no lower bound' })
  @IsOptional()
  @IsDateString({ strict: true })
  begin?: string;

  @ApiPropertyOptional({ description: 'RFC 3339; default: no upper bound' })
  @IsOptional()
  @IsDateString({ strict: true })
  end?: string;
}
