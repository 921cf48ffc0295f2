import { Inject, Injectable } from '@nestjs/common';
import {
  CARD_LIMIT_WINDOWS,
  cardSpendLimits,
  cardWindowStart,
  windowRead,
  windowUsage,
  DomainError,
  type CardLimitWindow,
} from '#domain';
import { Clock, pageRequest } from '#platform';
import {
  CardsRepository,
  CardVault,
  TransactionsRepository,
  type AuthenticatedAccount,
  type CardEntity,
  type Page,
} from '#persistence';
import type { ListCardsQueryDto } from './cards.dtos.js';

/** A card with its PAN in clear, for the responses that reveal it. */
export interface RevealedCard {
  card: CardEntity;
  pan: string;
}

/** The reads: a card, a page of cards, a card by PAN, a card's spend limits. */
@Injectable()
export class FindCards {
  constructor(
    @Inject(CardsRepository) private readonly cards: CardsRepository,
    @Inject(CardVault) private readonly vault: CardVault,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(TransactionsRepository) private readonly transactions: TransactionsRepository,
  ) {}

  list(account: AuthenticatedAccount, query: ListCardsQueryDto): Promise<Page<CardEntity>> {
    if (query.account_token && query.account_token !== account.token) {
      return Promise.resolve({ data: [], hasMore: false });
    }
    return this.cards.list(account.token, { state: query.state, memo: query.memo }, pageRequest(query));
  }

  async get(account: AuthenticatedAccount, token: string): Promise<RevealedCard> {
    const card = await this.cards.findOne(account.token, token);
    if (!card) throw notFound(token);
    return this.reveal(card);
  }

  async searchByPan(account: AuthenticatedAccount, pan: string): Promise<RevealedCard> {
    const card = await this.cards.findByPanHash(account.token, this.vault.panLookupHash(pan));
    if (!card) throw new DomainError('NOT_FOUND', 'No card with this PAN');
    return { card, pan };
  }

  /** Limit, spend velocity and what is left, per trailing window (Lithic's CardSpendLimits). */
  async spendLimits(account: AuthenticatedAccount, token: string) {
    const card = await this.cards.findOne(account.token, token);
    if (!card) throw notFound(token);
    const now = this.clock.now(account);
    const windows = Object.keys(CARD_LIMIT_WINDOWS) as CardLimitWindow[];
    const velocity = Object.fromEntries(
      await Promise.all(
        windows.map(async (window) => {
          const read = windowRead(cardWindowStart(CARD_LIMIT_WINDOWS[window], now));
          return [window, windowUsage(read, await this.transactions.windowSums({ cardToken: token }, read))];
        }),
      ),
    ) as Record<CardLimitWindow, number>;
    const limits = cardSpendLimits(
      { spendLimit: card.spend_limit, spendLimitDuration: card.spend_limit_duration },
      velocity,
    );
    return {
      spend_limit: limits.limit,
      spend_velocity: velocity,
      available_spend_limit: limits.available,
    };
  }

  private reveal(card: CardEntity): RevealedCard {
    return { card, pan: this.vault.open('pan', card.pan_encrypted) };
  }
}

/** What a write on one card answers: the card revealed, or "not found" when it was not the caller's. */
export function revealedOrNotFound(vault: CardVault, card: CardEntity | null, token: string): RevealedCard {
  if (!card) throw notFound(token);
  return { card, pan: vault.open('pan', card.pan_encrypted) };
}

function notFound(token: string): DomainError {
  return new DomainError('NOT_FOUND', `Card ${token} not found`);
}
