import { Inject, Injectable } from '@nestjs/common';
import { cardFunding, type ApiFlavour, type FundingSource } from '#domain';
import { numberedPageRequest } from '#platform';
import { CardsRepository, CardVault, type AuthenticatedAccount, type CardEntity } from '#persistence';
import type { RevealedCard } from '../cards/find-cards.use-case.js';
import { ManageFundingSources } from './manage-funding-sources.use-case.js';
import type { PrivacyListCardsQueryDto } from './privacy.dtos.js';

/** A card as Privacy shows it: revealed, with the funding account it draws on. */
export interface PrivacyCardView extends RevealedCard {
  funding: FundingSource;
}

/** Privacy's card reads: a numbered page of the account's cards (any API made them). */
@Injectable()
export class FindPrivacyCards {
  constructor(
    @Inject(CardsRepository) private readonly cards: CardsRepository,
    @Inject(CardVault) private readonly vault: CardVault,
    @Inject(ManageFundingSources) private readonly funding: ManageFundingSources,
  ) {}

  async list(account: AuthenticatedAccount, query: PrivacyListCardsQueryDto) {
    const request = numberedPageRequest(query);
    const [found, sources] = await Promise.all([
      this.cards.numbered(account.token, query.card_token, request),
      this.funding.all(account),
    ]);
    return {
      request,
      total: found.total,
      data: found.data.map((card) => this.view(card, this.vault.open('pan', card.pan_encrypted), sources)),
    };
  }

  /** Which API made each of these cards or transactions; tokens not the account's are left out. */
  origins(account: AuthenticatedAccount, tokens: string[]): Promise<Record<string, ApiFlavour>> {
    return this.cards.apisOf(account.token, tokens);
  }

  /** A card another use case just wrote, with its funding. */
  async present(account: AuthenticatedAccount, { card, pan }: RevealedCard): Promise<PrivacyCardView> {
    return this.view(card, pan, await this.funding.all(account));
  }

  private view(card: CardEntity, pan: string, sources: FundingSource[]): PrivacyCardView {
    return { card, pan, funding: cardFunding(card.funding_token, sources) };
  }
}
