import { Inject, Injectable } from '@nestjs/common';
import { cardFunding } from '#domain';
import { privacyCanonicalJson, privacyHmac, toPrivacyCard, toPrivacyTransaction } from '#privacy-wire';
import {
  CardsRepository,
  CardVault,
  FundingSourcesRepository,
  TransactionsRepository,
  type ClaimedAttempt,
} from '#persistence';

/** What a Privacy webhook sends: the body, and the headers that sign it. */
export interface PrivacyWebhookMessage {
  body: string;
  headers: Record<string, string>;
}

/**
 * The body of a Privacy webhook: Privacy's Transaction object for the transaction the event is
 * about, as it stands when sent (a retry shows it as it is then), as canonical JSON, signed with
 * X-Privacy-HMAC (and X-Lithic-HMAC, the same value) keyed by the API key that set the webhook.
 */
@Injectable()
export class PrivacyWebhookBody {
  constructor(
    @Inject(TransactionsRepository) private readonly transactions: TransactionsRepository,
    @Inject(CardsRepository) private readonly cards: CardsRepository,
    @Inject(FundingSourcesRepository) private readonly funding: FundingSourcesRepository,
    @Inject(CardVault) private readonly vault: CardVault,
  ) {}

  /** Null when there is nothing to send: not a transaction event, or the transaction is gone. */
  async build(attempt: ClaimedAttempt): Promise<PrivacyWebhookMessage | null> {
    const token = attempt.payload.token;
    if (attempt.eventType !== 'card_transaction.updated' || typeof token !== 'string') return null;
    const found = await this.transactions.findOne(attempt.accountToken, token);
    if (!found) return null;
    const [card, sources] = await Promise.all([
      this.cards.findOne(attempt.accountToken, found.transaction.card_token),
      this.funding.all(attempt.accountToken),
    ]);
    if (!card || !sources) return null;
    const transaction = toPrivacyTransaction(
      found,
      toPrivacyCard(card, cardFunding(card.funding_token, sources), null, this.vault),
    );
    const body = privacyCanonicalJson(transaction);
    const hmac = privacyHmac(body, this.vault.open('signing-secret', attempt.secretSealed));
    return { body, headers: { 'x-privacy-hmac': hmac, 'x-lithic-hmac': hmac } };
  }
}
