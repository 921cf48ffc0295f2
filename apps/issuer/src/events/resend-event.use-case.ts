import { Inject, Injectable } from '@nestjs/common';
import { WebhooksRepository, type AuthenticatedAccount } from '#persistence';
import {
  FindEventSubscriptions,
  subscriptionNotFound,
} from '../webhooks/find-event-subscriptions.use-case.js';
import { FindEvents } from './find-events.use-case.js';

/** Queues one more delivery of an event to an enabled subscription. */
@Injectable()
export class ResendEvent {
  constructor(
    @Inject(WebhooksRepository) private readonly webhooks: WebhooksRepository,
    @Inject(FindEvents) private readonly events: FindEvents,
    @Inject(FindEventSubscriptions) private readonly subscriptions: FindEventSubscriptions,
  ) {}

  async execute(account: AuthenticatedAccount, eventToken: string, subscriptionToken: string): Promise<void> {
    await this.events.get(account, eventToken);
    await this.subscriptions.enabled(account, subscriptionToken);
    // Deleted in the meantime: answer as if it had been gone before.
    if (!(await this.webhooks.queueResend(account.token, eventToken, subscriptionToken)))
      throw subscriptionNotFound(subscriptionToken);
  }
}
