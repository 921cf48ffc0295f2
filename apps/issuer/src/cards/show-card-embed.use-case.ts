import { Inject, Injectable } from '@nestjs/common';
import { assertEmbedUnexpired, DomainError, embedSignedBy, parseEmbedRequest } from '#domain';
import { Clock } from '#platform';
import { toEmbedPage, type EmbedPage } from '#lithic-wire';
import { AccountsRepository, CardsRepository, CardVault } from '#persistence';
import type { EmbedCardQueryDto } from './embed.dtos.js';

/**
 * The embedded card page (GET /v1/embed/card): the card's PAN, expiry and CVV for a page signed
 * with an API key of the card's account. The SDK's getEmbedURL signs client-side (HMAC-SHA256 of
 * the JSON text, keyed with the raw API key) for an iframe that sends no key, so the signature is
 * checked against the account's keys, kept sealed for this; getEmbedHTML and embed() also send the
 * key, which then must be the one that signed and must own the card.
 */
@Injectable()
export class ShowCardEmbed {
  constructor(
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(CardsRepository) private readonly cards: CardsRepository,
    @Inject(CardVault) private readonly vault: CardVault,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute(apiKey: string | null, query: EmbedCardQueryDto): Promise<EmbedPage> {
    const { serialized, request } = parseEmbedRequest(query.embed_request);
    const signer = apiKey
      ? await this.keyHolder(apiKey)
      : await this.accounts.keysOfCardAccount(request.token);
    // Without a key, an unknown card and a wrong signature answer alike: no card-token oracle.
    if (!signer || !embedSignedBy(serialized, query.hmac, signer.keys))
      throw new DomainError(
        'UNAUTHENTICATED',
        "hmac: not the HMAC-SHA256 of embed_request's JSON with an API key of the card's account",
      );
    // Real time, not the account's clock: the SDK sets expiration from the wall clock (a minute
    // ahead), which an advanced sandbox clock would put in the past.
    assertEmbedUnexpired(request, this.clock.now());
    const card = await this.cards.findOne(signer.accountToken, request.token);
    if (!card) throw new DomainError('NOT_FOUND', `Card ${request.token} not found`);
    const pan = this.vault.open('pan', card.pan_encrypted);
    return toEmbedPage({
      pan,
      expMonth: card.exp_month,
      expYear: card.exp_year,
      cvv: this.vault.cvv(pan, card.exp_month, card.exp_year),
      css: request.css,
      targetOrigin: request.targetOrigin,
    });
  }

  private async keyHolder(apiKey: string): Promise<{ accountToken: string; keys: string[] }> {
    const account = await this.accounts.findByApiKey(apiKey);
    if (!account) throw new DomainError('UNAUTHENTICATED', 'Unknown API key');
    return { accountToken: account.token, keys: [apiKey] };
  }
}
