import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '#domain';
import { Clock } from '#platform';
import {
  CardVault,
  outboxEvent,
  TokenSource,
  WebhooksRepository,
  type AuthenticatedAccount,
  type TimeWindow,
} from '#persistence';
import type { EventType } from './event-types.js';
import { FindEventSubscriptions } from './find-event-subscriptions.use-case.js';
import { BUILT_IN_EXAMPLES, builtInExample } from './webhook-examples.js';
import type { TimeWindowQueryDto } from './webhooks.dtos.js';

/** The ways to (re)queue deliveries to a subscription: recover, replay the missing, send an example. */
@Injectable()
export class QueueDeliveries {
  constructor(
    @Inject(WebhooksRepository) private readonly webhooks: WebhooksRepository,
    @Inject(FindEventSubscriptions) private readonly subscriptions: FindEventSubscriptions,
    @Inject(CardVault) private readonly vault: CardVault,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(TokenSource) private readonly tokens: TokenSource,
  ) {}

  async recover(account: AuthenticatedAccount, token: string, query: TimeWindowQueryDto): Promise<number> {
    await this.subscriptions.enabled(account, token);
    return this.webhooks.recover(account.token, token, timeWindow(query));
  }

  async replayMissing(
    account: AuthenticatedAccount,
    token: string,
    query: TimeWindowQueryDto,
  ): Promise<number> {
    await this.subscriptions.enabled(account, token);
    return this.webhooks.replayMissing(account.token, token, timeWindow(query));
  }

  /**
   * A new event of the type, delivered to this subscription only, listed with the account's events
   * (so its attempts can be seen and resent) and about the example card (EXAMPLE_CARD_TOKEN), so
   * nobody takes it for a real card's news. A type the sandbox never emits has no example.
   */
  async sendExample(account: AuthenticatedAccount, token: string, eventType?: EventType): Promise<void> {
    const subscription = await this.subscriptions.enabled(account, token);
    const type = eventType ?? subscription.event_types[0] ?? 'card.created';
    const now = this.clock.now(account);
    const payload = builtInExample(type, account.token, now, this.vault);
    if (!payload) {
      throw new DomainError(
        'VALIDATION',
        `event_type: the sandbox has no example of ${type}; it emits ${BUILT_IN_EXAMPLES.join(', ')}`,
      );
    }
    await this.webhooks.insertExample(outboxEvent(this.tokens, account.token, type, payload, now), token);
  }
}

function timeWindow(query: TimeWindowQueryDto): TimeWindow {
  return {
    begin: query.begin ? new Date(query.begin) : undefined,
    end: query.end ? new Date(query.end) : undefined,
  };
}
