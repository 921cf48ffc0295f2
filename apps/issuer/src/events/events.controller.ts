import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccount, toListResponse } from '#platform';
import type { AuthenticatedAccount } from '#persistence';
import { ListAttemptsQueryDto } from '../webhooks/webhooks.dtos.js';
import { toEventResponse, toMessageAttemptResponse } from '#lithic-wire';
import { ListEventsQueryDto } from './events.dtos.js';
import { FindEvents } from './find-events.use-case.js';
import { ResendEvent } from './resend-event.use-case.js';

/** The events API: the outbox as Lithic lists it, each event's delivery attempts, and resending. */
@ApiTags('Events')
@Controller('v1/events')
export class EventsController {
  constructor(
    @Inject(FindEvents) private readonly events: FindEvents,
    @Inject(ResendEvent) private readonly resendEvent: ResendEvent,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List events, newest first' })
  async list(@CurrentAccount() account: AuthenticatedAccount, @Query() query: ListEventsQueryDto) {
    const withContent = query.with_content ?? true;
    return toListResponse(await this.events.list(account, query), (event) =>
      toEventResponse(event, withContent),
    );
  }

  @Get(':event_token')
  @ApiOperation({ summary: 'Get an event' })
  async get(@CurrentAccount() account: AuthenticatedAccount, @Param('event_token') token: string) {
    return toEventResponse(await this.events.get(account, token));
  }

  @Get(':event_token/attempts')
  @ApiOperation({ summary: "The event's delivery attempts, newest first" })
  async attempts(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('event_token') token: string,
    @Query() query: ListAttemptsQueryDto,
  ) {
    return toListResponse(await this.events.attempts(account, token, query), toMessageAttemptResponse);
  }

  @Post(':event_token/event_subscriptions/:event_subscription_token/resend')
  @HttpCode(202)
  @ApiOperation({ summary: 'Deliver the event to the subscription again' })
  async resend(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('event_token') eventToken: string,
    @Param('event_subscription_token') subscriptionToken: string,
  ) {
    await this.resendEvent.execute(account, eventToken, subscriptionToken);
  }
}
