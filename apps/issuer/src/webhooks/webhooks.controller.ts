import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccount, toListResponse } from '#platform';
import type { AuthenticatedAccount } from '#persistence';
import {
  CreateEventSubscriptionDto,
  ListAttemptsQueryDto,
  ListEventsQueryDto,
  ListEventSubscriptionsQueryDto,
  SendExampleDto,
  TimeWindowQueryDto,
  UpdateEventSubscriptionDto,
} from './webhooks.dtos.js';
import { WebhooksService } from './webhooks.service.js';
import { toEventResponse, toEventSubscriptionResponse, toMessageAttemptResponse } from '#lithic-wire';

const SUBSCRIPTION = 'event_subscriptions/:event_subscription_token';

@ApiTags('Events')
@Controller('v1')
export class EventSubscriptionsController {
  constructor(@Inject(WebhooksService) private readonly webhooks: WebhooksService) {}

  @Post('event_subscriptions')
  @HttpCode(201)
  @ApiOperation({ summary: 'Subscribe a URL to events; deliveries are signed with its whsec_ secret' })
  async create(@CurrentAccount() account: AuthenticatedAccount, @Body() body: CreateEventSubscriptionDto) {
    return toEventSubscriptionResponse(await this.webhooks.create(account, body));
  }

  @Get('event_subscriptions')
  @ApiOperation({ summary: 'List event subscriptions, newest first' })
  async list(
    @CurrentAccount() account: AuthenticatedAccount,
    @Query() query: ListEventSubscriptionsQueryDto,
  ) {
    return toListResponse(await this.webhooks.list(account, query), toEventSubscriptionResponse);
  }

  @Get(SUBSCRIPTION)
  @ApiOperation({ summary: 'Get an event subscription' })
  async get(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('event_subscription_token') token: string,
  ) {
    return toEventSubscriptionResponse(await this.webhooks.get(account, token));
  }

  @Patch(SUBSCRIPTION)
  @ApiOperation({ summary: 'Update an event subscription (url is required, as in the spec)' })
  async update(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('event_subscription_token') token: string,
    @Body() body: UpdateEventSubscriptionDto,
  ) {
    return toEventSubscriptionResponse(await this.webhooks.update(account, token, body));
  }

  @Delete(SUBSCRIPTION)
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an event subscription and its delivery attempts' })
  async delete(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('event_subscription_token') token: string,
  ) {
    await this.webhooks.delete(account, token);
  }

  @Get(`${SUBSCRIPTION}/secret`)
  @ApiOperation({ summary: 'The whsec_ secret that signs deliveries (Standard Webhooks)' })
  async secret(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('event_subscription_token') token: string,
  ) {
    return { secret: await this.webhooks.secret(account, token) };
  }

  @Post(`${SUBSCRIPTION}/secret/rotate`)
  @HttpCode(204)
  @ApiOperation({ summary: 'Replace the secret; every later delivery is signed with the new one only' })
  async rotateSecret(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('event_subscription_token') token: string,
  ) {
    await this.webhooks.rotateSecret(account, token);
  }

  @Post(`${SUBSCRIPTION}/recover`)
  @HttpCode(202)
  @ApiOperation({ summary: 'Re-queue events whose delivery failed in [begin, end) and was not made since' })
  async recover(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('event_subscription_token') token: string,
    @Query() query: TimeWindowQueryDto,
  ) {
    await this.webhooks.recover(account, token, query);
  }

  @Post(`${SUBSCRIPTION}/replay_missing`)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Queue events created in [begin, end) that this subscription never had an attempt for',
  })
  async replayMissing(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('event_subscription_token') token: string,
    @Query() query: TimeWindowQueryDto,
  ) {
    await this.webhooks.replayMissing(account, token, query);
  }

  @Get(`${SUBSCRIPTION}/attempts`)
  @ApiOperation({ summary: "The subscription's delivery attempts, newest first" })
  async attempts(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('event_subscription_token') token: string,
    @Query() query: ListAttemptsQueryDto,
  ) {
    return toListResponse(
      await this.webhooks.subscriptionAttempts(account, token, query),
      toMessageAttemptResponse,
    );
  }

  @Post(`simulate/${SUBSCRIPTION}/send_example`)
  @HttpCode(202)
  @ApiOperation({ summary: 'Write an example event of a type and deliver it to this subscription' })
  async sendExample(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('event_subscription_token') token: string,
    @Body() body: SendExampleDto,
  ) {
    await this.webhooks.sendExample(account, token, body?.event_type);
  }
}

@ApiTags('Events')
@Controller('v1/events')
export class EventsController {
  constructor(@Inject(WebhooksService) private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOperation({ summary: 'List events, newest first' })
  async list(@CurrentAccount() account: AuthenticatedAccount, @Query() query: ListEventsQueryDto) {
    const withContent = query.with_content ?? true;
    return toListResponse(await this.webhooks.listEvents(account, query), (event) =>
      toEventResponse(event, withContent),
    );
  }

  @Get(':event_token')
  @ApiOperation({ summary: 'Get an event' })
  async get(@CurrentAccount() account: AuthenticatedAccount, @Param('event_token') token: string) {
    return toEventResponse(await this.webhooks.getEvent(account, token));
  }

  @Get(':event_token/attempts')
  @ApiOperation({ summary: "The event's delivery attempts, newest first" })
  async attempts(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('event_token') token: string,
    @Query() query: ListAttemptsQueryDto,
  ) {
    return toListResponse(await this.webhooks.eventAttempts(account, token, query), toMessageAttemptResponse);
  }

  @Post(':event_token/event_subscriptions/:event_subscription_token/resend')
  @HttpCode(202)
  @ApiOperation({ summary: 'Deliver the event to the subscription again' })
  async resend(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('event_token') eventToken: string,
    @Param('event_subscription_token') subscriptionToken: string,
  ) {
    await this.webhooks.resend(account, eventToken, subscriptionToken);
  }
}
