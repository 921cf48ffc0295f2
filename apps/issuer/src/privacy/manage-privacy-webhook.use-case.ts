import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '#domain';
import { Clock, OutboundHttp } from '#platform';
import { CardVault, WebhooksRepository, type AuthenticatedAccount } from '#persistence';

/**
 * The account's Privacy webhook URL (Privacy sets it in its dashboard): stored as the account's one
 * PRIVACY-format subscription to card_transaction.updated, so the same outbox queues it and the
 * same DeliveryWorker sends and retries it. It is signed with the API key that set it.
 */
@Injectable()
export class ManagePrivacyWebhook {
  constructor(
    @Inject(WebhooksRepository) private readonly webhooks: WebhooksRepository,
    @Inject(CardVault) private readonly vault: CardVault,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(OutboundHttp) private readonly outbound: OutboundHttp,
  ) {}

  async get(account: AuthenticatedAccount): Promise<{ url: string }> {
    const found = await this.webhooks.findPrivacyWebhook(account.token);
    if (!found) throw new DomainError('NOT_FOUND', 'No Privacy webhook URL is set for this account');
    return { url: found.url };
  }

  async set(account: AuthenticatedAccount, apiKey: string, url: string): Promise<{ url: string }> {
    this.outbound.assertAllowedUrl('url', url);
    const now = this.clock.now(account);
    await this.webhooks.setPrivacyWebhook({
      // One per account: its token is the account's, so setting it again replaces it.
      token: `ep_p${account.token.replace(/-/g, '')}`,
      account_token: account.token,
      url,
      description: 'Privacy.com webhook',
      disabled: false,
      event_types: ['card_transaction.updated'],
      secret_sealed: this.vault.seal('signing-secret', apiKey),
      format: 'PRIVACY',
      created: now,
      updated: now,
    });
    return { url };
  }

  async remove(account: AuthenticatedAccount): Promise<void> {
    if (!(await this.webhooks.deletePrivacyWebhook(account.token)))
      throw new DomainError('NOT_FOUND', 'No Privacy webhook URL is set for this account');
  }
}
