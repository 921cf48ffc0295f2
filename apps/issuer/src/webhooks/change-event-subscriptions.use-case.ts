import { Inject, Injectable } from '@nestjs/common';
import { Clock, newWebhookSecret, OutboundHttp } from '#platform';
import {
  CardVault,
  TokenSource,
  WebhooksRepository,
  type AuthenticatedAccount,
  type EventSubscriptionEntity,
} from '#persistence';
import { subscriptionNotFound, unique } from './find-event-subscriptions.use-case.js';
import type { CreateEventSubscriptionDto, UpdateEventSubscriptionDto } from './webhooks.dtos.js';

/** The writes: create, update and delete a subscription, and rotate its secret. */
@Injectable()
export class ChangeEventSubscriptions {
  constructor(
    @Inject(WebhooksRepository) private readonly webhooks: WebhooksRepository,
    // The subscription secret must be shown again, so it is sealed like a PAN rather than hashed.
    @Inject(CardVault) private readonly vault: CardVault,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(TokenSource) private readonly tokens: TokenSource,
    @Inject(OutboundHttp) private readonly outbound: OutboundHttp,
  ) {}

  async create(account: AuthenticatedAccount, input: CreateEventSubscriptionDto) {
    this.outbound.assertAllowedUrl('url', input.url);
    const now = this.clock.now(account);
    const subscription: EventSubscriptionEntity = {
      token: this.tokens.prefixed('ep'),
      account_token: account.token,
      url: input.url,
      description: input.description ?? '',
      disabled: input.disabled ?? false,
      event_types: unique(input.event_types ?? []),
      secret_sealed: this.vault.seal('signing-secret', newWebhookSecret()),
      format: 'LITHIC',
      created: now,
      updated: now,
    };
    await this.webhooks.insertSubscription(subscription);
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

  /**
   * Lithic keeps the previous secret valid for 24 hours; the sandbox signs with the new one only
   * from now on (queued deliveries included), so a test sees the switch at once.
   */
  async rotateSecret(account: AuthenticatedAccount, token: string): Promise<void> {
    const sealed = this.vault.seal('signing-secret', newWebhookSecret());
    if (!(await this.webhooks.setSecret(account.token, token, sealed, this.clock.now(account))))
      throw subscriptionNotFound(token);
  }
}
