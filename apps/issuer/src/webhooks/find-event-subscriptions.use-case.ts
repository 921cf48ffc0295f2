import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '#domain';
import { pageRequest } from '#platform';
import {
  CardVault,
  WebhooksRepository,
  type AuthenticatedAccount,
  type EventSubscriptionEntity,
  type MessageAttemptEntity,
  type Page,
} from '#persistence';
import type { ListAttemptsQueryDto, ListEventSubscriptionsQueryDto } from './webhooks.dtos.js';

/** The reads: a subscription, a page of them, its secret, its delivery attempts. */
@Injectable()
export class FindEventSubscriptions {
  constructor(
    @Inject(WebhooksRepository) private readonly webhooks: WebhooksRepository,
    @Inject(CardVault) private readonly vault: CardVault,
  ) {}

  list(account: AuthenticatedAccount, query: ListEventSubscriptionsQueryDto) {
    return this.webhooks.listSubscriptions(account.token, pageRequest(query));
  }

  async get(account: AuthenticatedAccount, token: string): Promise<EventSubscriptionEntity> {
    const subscription = await this.webhooks.findSubscription(account.token, token);
    if (!subscription) throw subscriptionNotFound(token);
    return subscription;
  }

  async secret(account: AuthenticatedAccount, token: string): Promise<string> {
    return this.vault.open('signing-secret', (await this.get(account, token)).secret_sealed);
  }

  async attempts(
    account: AuthenticatedAccount,
    token: string,
    query: ListAttemptsQueryDto,
  ): Promise<Page<MessageAttemptEntity>> {
    const subscription = await this.get(account, token);
    return this.webhooks.listAttempts(
      account.token,
      { subscriptionToken: subscription.token, status: query.status },
      pageRequest(query),
    );
  }

  /** Queuing for a disabled subscription would only record failures: say so instead. */
  async enabled(account: AuthenticatedAccount, token: string): Promise<EventSubscriptionEntity> {
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

export function subscriptionNotFound(token: string): DomainError {
  return new DomainError('NOT_FOUND', `Event subscription ${token} not found`);
}

export function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
