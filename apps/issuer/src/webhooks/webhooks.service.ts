import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '#domain';
import { Clock, OutboundHttp, pageRequest } from '#platform';
import {
  CardVault,
  outboxEvent,
  newToken,
  WebhooksRepository,
  type AuthenticatedAccount,
  type EventEntity,
  type EventSubscriptionEntity,
  type MessageAttemptEntity,
  type Page,
  type TimeWindow,
} from '#persistence';
import type { EventType } from './event-types.js';
import { newWebhookSecret } from '#platform';
import { BUILT_IN_EXAMPLES, builtInExample } from './webhook-examples.js';
import type {
  CreateEventSubscriptionDto,
  ListAttemptsQueryDto,
  ListEventsQueryDto,
  ListEventSubscriptionsQueryDto,
  TimeWindowQueryDto,
  UpdateEventSubscriptionDto,
} from './webhooks.dtos.js';

/** Event subscriptions and their secrets, the events API, and the ways to (re)queue deliveries. */
@Injectable()
export class WebhooksService {
  constructor(
    @Inject(WebhooksRepository) private readonly webhooks: WebhooksRepository,
    // The subscription secret must be shown again, so it is sealed like a PAN rather than hashed.
    @Inject(CardVault) private readonly vault: CardVault,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(OutboundHttp) private readonly outbound: OutboundHttp,
  ) {}

  async create(account: AuthenticatedAccount, input: CreateEventSubscriptionDto) {
    this.outbound.assertAllowedUrl('url', input.url);
    const now = this.clock.now(account);
    const subscription: EventSubscriptionEntity = {
      token: newToken('ep'),
      account_token: account.token,
      url: input.url,
      description: input.description ?? '',
      disabled: input.disabled ?? false,
      event_types: unique(input.event_types ?? []),
      secret_sealed: this.vault.seal('signing-secret', newWebhookSecret()),
      created: now,
      updated: now,
    };
    await this.webhooks.insertSubscription(subscription);
    return subscription;
  }

  list(account: AuthenticatedAccount, query: ListEventSubscriptionsQueryDto) {
    return this.webhooks.listSubscriptions(account.token, pageRequest(query));
  }

  async get(account: AuthenticatedAccount, token: string): Promise<EventSubscriptionEntity> {
    const subscription = await this.webhooks.findSubscription(account.token, token);
    if (!subscription) throw subscriptionNotFound(token);
    return subscription;
  }

  async update(account: AuthenticatedAccount, token: string, input: UpdateEventSubscriptionDto) {
    if (input.url !== undefined) this.outbound.assertAllowedUrl('url', input.url);
    const updated = await this.webhooks.updateSubscription(
      account.token,
      token,
      {
        url: input.url,
        description: input.description,
        disabled: input.disabled,
        event_types: input.event_types && unique(input.event_types),
      },
      this.clock.now(account),
    );
    if (!updated) throw subscriptionNotFound(token);
    return updated;
  }

  async delete(account: AuthenticatedAccount, token: string): Promise<void> {
    if (!(await this.webhooks.deleteSubscription(account.token, token))) throw subscriptionNotFound(token);
  }

  async secret(account: AuthenticatedAccount, token: string): Promise<string> {
    return this.vault.open('signing-secret', (await this.get(account, token)).secret_sealed);
  }

  /**
   * Lithic keeps the previous secret valid for 24 hours; the sandbox signs with the new one only
   * from now on (queued deliveries included), so a test sees the switch at once.
   */
  async rotateSecret(account: AuthenticatedAccount, token: string): Promise<void> {
    const sealed = this.vault.seal('signing-secret', newWebhookSecret());
    if (!(await this.webhooks.setSecret(account.token, token, sealed, this.clock.now(account))))
      throw subscriptionNotFound(token);
  }

  async recover(account: AuthenticatedAccount, token: string, query: TimeWindowQueryDto): Promise<number> {
    await this.enabled(account, token);
    return this.webhooks.recover(account.token, token, timeWindow(query));
  }

  async replayMissing(
    account: AuthenticatedAccount,
    token: string,
    query: TimeWindowQueryDto,
  ): Promise<number> {
    await this.enabled(account, token);
    return this.webhooks.replayMissing(account.token, token, timeWindow(query));
  }

  async subscriptionAttempts(
    account: AuthenticatedAccount,
    token: string,
    query: ListAttemptsQueryDto,
  ): Promise<Page<MessageAttemptEntity>> {
    await this.get(account, token);
    return this.webhooks.listAttempts(
      account.token,
      { subscriptionToken: token, status: query.status },
      pageRequest(query),
    );
  }

  /**
   * A new event of the type, delivered to this subscription only, listed with the account's events
   * (so its attempts can be seen and resent) and about the example card (EXAMPLE_CARD_TOKEN), so
   * nobody takes it for a real card's news. A type the sandbox never emits has no example.
   */
  async sendExample(account: AuthenticatedAccount, token: string, eventType?: EventType): Promise<void> {
    const subscription = await this.enabled(account, token);
    const type = eventType ?? subscription.event_types[0] ?? 'card.created';
    const now = this.clock.now(account);
    const payload = builtInExample(type, account.token, now, this.vault);
    if (!payload) {
      throw new DomainError(
        'VALIDATION',
        `event_type: the sandbox has no example of ${type}; it emits ${BUILT_IN_EXAMPLES.join(', ')}`,
      );
    }
    await this.webhooks.insertExample(outboxEvent(account.token, type, payload, now), token);
  }

  listEvents(account: AuthenticatedAccount, query: ListEventsQueryDto): Promise<Page<EventEntity>> {
    return this.webhooks.listEvents(account.token, unique(query.event_types ?? []), pageRequest(query));
  }

  async getEvent(account: AuthenticatedAccount, token: string): Promise<EventEntity> {
    const event = await this.webhooks.findEvent(account.token, token);
    if (!event) throw new DomainError('NOT_FOUND', `Event ${token} not found`);
    return event;
  }

  async eventAttempts(
    account: AuthenticatedAccount,
    token: string,
    query: ListAttemptsQueryDto,
  ): Promise<Page<MessageAttemptEntity>> {
    await this.getEvent(account, token);
    return this.webhooks.listAttempts(
      account.token,
      { eventToken: token, status: query.status },
      pageRequest(query),
    );
  }

  async resend(account: AuthenticatedAccount, eventToken: string, subscriptionToken: string): Promise<void> {
    await this.getEvent(account, eventToken);
    await this.enabled(account, subscriptionToken);
    // Deleted in the meantime: answer as if it had been gone before.
    if (!(await this.webhooks.queueResend(account.token, eventToken, subscriptionToken)))
      throw subscriptionNotFound(subscriptionToken);
  }

  /** Queuing for a disabled subscription would only record failures: say so instead. */
  private async enabled(account: AuthenticatedAccount, token: string): Promise<EventSubscriptionEntity> {
    const subscription = await this.get(account, token);
    if (subscription.disabled) {
      throw new DomainError(
        'STATE_CONFLICT',
        `Event subscription ${token} is disabled; enable it (PATCH disabled: false) first`,
      );
    }
    return subscription;
  }
}

function subscriptionNotFound(token: string): DomainError {
  return new DomainError('NOT_FOUND', `Event subscription ${token} not found`);
}

function timeWindow(query: TimeWindowQueryDto): TimeWindow {
  return {
    begin: query.begin ? new Date(query.begin) : undefined,
    end: query.end ? new Date(query.end) : undefined,
  };
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
