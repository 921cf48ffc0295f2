import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccount, toListResponse } from '#platform';
import type { AuthenticatedAccount } from '#persistence';
import {
  CreateEventSubscriptionDto,
  ListAttemptsQueryDto,
  ListEventSubscriptionsQueryDto,
  SendExampleDto,
  TimeWindowQueryDto,
  UpdateEventSubscriptionDto,
} from './webhooks.dtos.js';
import { ChangeEventSubscriptions } from './change-event-subscriptions.use-case.js';
import { FindEventSubscriptions } from './find-event-subscriptions.use-case.js';
import { QueueDeliveries } from './queue-deliveries.use-case.js';
import { toEventSubscriptionResponse, toMessageAttemptResponse } from '#lithic-wire';

const SUBSCRIPTION = 'event_subscriptions/:event_subscription_token';

@ApiTags('Events')
@Controller('v1')
export class EventSubscriptionsController {
  constructor(
    @Inject(FindEventSubscriptions) private readonly subscriptions: FindEventSubscriptions,
    @Inject(ChangeEventSubscriptions) private readonly changes: ChangeEventSubscriptions,
    @Inject(QueueDeliveries) private readonly deliveries: QueueDeliveries,
  ) {}

  @Post('event_subscriptions')
  @HttpCode(201)
  @ApiOperation({ summary: 'Subscribe a URL to events; deliveries are signed with its whsec_ secret' })
  async create(@CurrentAccount() account: AuthenticatedAccount, @Body() body: CreateEventSubscriptionDto) {
    return toEventSubscriptionResponse(await this.changes.create(account, body));
  }

  @Get('event_subscriptions')
  @ApiOperation({ summary: 'List event subscriptions, newest first' })
  async list(
    @CurrentAccount() account: AuthenticatedAccount,
    @Query() query: ListEventSubscriptionsQueryDto,
  ) {
    return toListResponse(await this.subscriptions.list(account, query), toEventSubscriptionResponse);
  }

  @Get(SUBSCRIPTION)
  @ApiOperation({ summary: 'Get an event subscription' })
  async get(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('event_subscription_token') token: string,
  ) {
    return toEventSubscriptionResponse(await this.subscriptions.get(account, token));
  }

  @Patch(SUBSCRIPTION)
  @ApiOperation({ summary: 'Update an event subscription (url is required, as in the spec)' })
  async update(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('event_subscription_token') token: string,
    @Body() body: UpdateEventSubscriptionDto,
  ) {
    return toEventSubscriptionResponse(await this.changes.update(account, token, body));
  }

  @Delete(SUBSCRIPTION)
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an event subscription and its delivery attempts' })
  async delete(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('event_subscription_token') token: string,
  ) {
    await this.changes.delete(account, token);
  }

  @Get(`${SUBSCRIPTION}/secret`)
  @ApiOperation({ summary: 'The whsec_ secret that signs deliveries (Standard Webhooks)' })
  async secret(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('event_subscription_token') token: string,
  ) {
    return { secret: await this.subscriptions.secret(account, token) };
  }

  @Post(`${SUBSCRIPTION}/secret/rotate`)
  @HttpCode(204)
  @ApiOperation({ summary: 'Replace the secret; every later delivery is signed with the new one only' })
  async rotateSecret(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('event_subscription_token') token: string,
  ) {
    await this.changes.rotateSecret(account, token);
  }

  @Post(`${SUBSCRIPTION}/recover`)
  @HttpCode(202)
  @ApiOperation({ summary: 'Re-queue events whose delivery failed in [begin, end) and was not made since' })
  async recover(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('event_subscription_token') token: string,
    @Query() query: TimeWindowQueryDto,
  ) {
    await this.deliveries.recover(account, token, query);
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
    await this.deliveries.replayMissing(account, token, query);
  }

  @Get(`${SUBSCRIPTION}/attempts`)
  @ApiOperation({ summary: "The subscription's delivery attempts, newest first" })
  async attempts(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('event_subscription_token') token: string,
    @Query() query: ListAttemptsQueryDto,
  ) {
    return toListResponse(await this.subscriptions.attempts(account, token, query), toMessageAttemptResponse);
  }

  @Post(`simulate/${SUBSCRIPTION}/send_example`)
  @HttpCode(202)
  @ApiOperation({ summary: 'Write an example event of a type and deliver it to this subscription' })
  async sendExample(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param('event_subscription_token') token: string,
    @Body() body: SendExampleDto,
  ) {
    await this.deliveries.sendExample(account, token, body?.event_type);
  }
}
