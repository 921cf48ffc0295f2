import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedAccount } from '#persistence';
import { CreateCard } from '../cards/create-card.use-case.js';
import { UpdateCard } from '../cards/update-card.use-case.js';
import { FindPrivacyCards, type PrivacyCardView } from './find-privacy-cards.use-case.js';
import { ManageFundingSources } from './manage-funding-sources.use-case.js';
import type { PrivacyCreateCardDto, PrivacyUpdateCardDto } from './privacy.dtos.js';

/**
 * Privacy's card writes, through the same CreateCard and UpdateCard as Lithic's routes: the same
 * rules, events and webhooks. The card remembers it came through Privacy's API, and its funding.
 */
@Injectable()
export class ChangePrivacyCards {
  constructor(
    @Inject(CreateCard) private readonly createCard: CreateCard,
    @Inject(UpdateCard) private readonly updateCard: UpdateCard,
    @Inject(ManageFundingSources) private readonly funding: ManageFundingSources,
    @Inject(FindPrivacyCards) private readonly cards: FindPrivacyCards,
  ) {}

  async create(
    account: AuthenticatedAccount,
    input: PrivacyCreateCardDto,
    claim?: string,
  ): Promise<PrivacyCardView> {
    const { funding_token, ...card } = input;
    const fundingToken = await this.funding.usable(account, funding_token);
    const created = await this.createCard.execute(account, card, claim, { api: 'PRIVACY', fundingToken });
    return this.cards.present(account, created);
  }

  async update(account: AuthenticatedAccount, input: PrivacyUpdateCardDto): Promise<PrivacyCardView> {
    const { card_token, funding_token, ...change } = input;
    const fundingToken = await this.funding.usable(account, funding_token);
    const updated = await this.updateCard.execute(account, card_token, {
      ...change,
      ...(fundingToken !== null && { funding_token: fundingToken }),
    });
    return this.cards.present(account, updated);
  }
}
