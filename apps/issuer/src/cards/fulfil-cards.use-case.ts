import { Inject, Injectable } from '@nestjs/common';
import { DomainError, requestedExpiry, transition, type CardEvent } from '#domain';
import { Clock } from '#platform';
import { toCardRenewedPayload, toCardShippedPayload, toCardUpdatedPayload } from '#lithic-wire';
import {
  CardEntity,
  CardsRepository,
  CardVault,
  lifecycleOf,
  outboxEvent,
  TokenSource,
  UnitOfWork,
  writeOutbox,
  type AuthenticatedAccount,
  type CardFulfilment,
} from '#persistence';
import type { ConvertPhysicalCardDto, FulfilmentDto, ReissueCardDto, RenewCardDto } from './cards.dtos.js';
import { revealedOrNotFound, type RevealedCard } from './find-cards.use-case.js';

/**
 * What happens to a physical card after it is ordered: reissue, renew, convert a virtual one, and the
 * sandbox's shipping control. Each is decided by `transition()` with the card row locked, and writes
 * card.updated (when a returned field changed) with its own event.
 */
@Injectable()
export class FulfilCards {
  constructor(
    @Inject(UnitOfWork) private readonly db: UnitOfWork,
    @Inject(CardsRepository) private readonly cards: CardsRepository,
    @Inject(CardVault) private readonly vault: CardVault,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(TokenSource) private readonly tokens: TokenSource,
  ) {}

  /** A new plastic: same token, PAN and expiry; what is left out keeps its previous value. */
  reissue(account: AuthenticatedAccount, token: string, input: ReissueCardDto): Promise<RevealedCard> {
    return this.change(account, token, { type: 'REISSUE' }, (before, after) => {
      applyFulfilment(after, input);
      return [['card.reissued', { card_token: after.token }]];
    });
  }

  /** A new expiry, so a new CVV (derived from it); same token and PAN. */
  renew(account: AuthenticatedAccount, token: string, input: RenewCardDto): Promise<RevealedCard> {
    const now = this.clock.now(account);
    const expiry = requestedExpiry(input.exp_month, input.exp_year, now);
    return this.change(account, token, { type: 'RENEW' }, (before, after) => {
      applyFulfilment(after, input);
      after.exp_month = expiry.expMonth;
      after.exp_year = expiry.expYear;
      return [['card.renewed', toCardRenewedPayload(before, after)]];
    });
  }

  convertPhysical(
    account: AuthenticatedAccount,
    token: string,
    input: ConvertPhysicalCardDto,
  ): Promise<RevealedCard> {
    return this.change(account, token, { type: 'CONVERT_PHYSICAL' }, (_before, after) => {
      applyFulfilment(after, input);
      return [['card.converted', { card_token: after.token }]];
    });
  }

  /** The sandbox's stand-in for Lithic's daily fulfilment batch: the card is made and sent. */
  ship(account: AuthenticatedAccount, token: string): Promise<RevealedCard> {
    return this.change(account, token, { type: 'SHIP' }, (_before, after) => [
      ['card.shipped', toCardShippedPayload(after, after.fulfilment?.shipping_method)],
    ]);
  }

  private async change(
    account: AuthenticatedAccount,
    token: string,
    event: CardEvent,
    apply: (before: CardEntity, after: CardEntity) => [string, object][],
  ): Promise<RevealedCard> {
    const now = this.clock.now(account);
    const after = await this.db.transaction(async (tx) => {
      const before = await this.cards.lock(tx, account.token, token);
      if (!before) return null;
      const decided = transition(lifecycleOf(before), event);
      if (!decided.allowed) throw new DomainError('STATE_CONFLICT', decided.reason);
      const { type, state, reissues } = decided.card;
      const after = Object.assign(new CardEntity(), before, { type, state, reissues, updated: now });
      const events = apply(before, after);
      await this.cards.update(tx, after);
      const updated = toCardUpdatedPayload(before, after, this.vault);
      if (updated) events.unshift(['card.updated', updated]);
      await writeOutbox(
        tx,
        events.map(([type, payload]) => outboxEvent(this.tokens, account.token, type, payload, now)),
      );
      return after;
    });
    return revealedOrNotFound(this.vault, after, token);
  }
}

/** The shipping inputs a card keeps: a new value replaces the old one, an absent one keeps it. */
export function fulfilmentOf(
  previous: CardFulfilment | null,
  input: FulfilmentDto & { shipping_address?: object },
  extra: Omit<CardFulfilment, 'shipping_address' | 'shipping_method' | 'carrier'> = {},
): CardFulfilment | null {
  const given = {
    shipping_address: input.shipping_address as Record<string, string> | undefined,
    shipping_method: input.shipping_method,
    carrier: input.carrier && { ...input.carrier },
    ...extra,
  };
  const merged = { ...previous, ...withoutUndefined(given) };
  return Object.keys(merged).length === 0 ? null : merged;
}

function applyFulfilment(card: CardEntity, input: FulfilmentDto & { shipping_address?: object }): void {
  card.fulfilment = fulfilmentOf(card.fulfilment, input);
  if (input.product_id !== undefined) card.product_id = input.product_id;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
