import { Inject, Injectable } from '@nestjs/common';
import { DomainError, transition } from '#domain';
import { Clock } from '#platform';
import { toCardUpdatedPayload } from '#lithic-wire';
import {
  CardEntity,
  CardsRepository,
  CardVault,
  hashPin,
  lifecycleOf,
  outboxEvent,
  TokenSource,
  UnitOfWork,
  writeOutbox,
  type AuthenticatedAccount,
} from '#persistence';
import type { UpdateCardDto } from './cards.dtos.js';
import { revealedOrNotFound, type RevealedCard } from './find-cards.use-case.js';

/**
 * Changes a card's memo, limit or state in one transaction with the card row locked, so a check
 * such as "CLOSED is final" cannot race an authorization closing the card at the same moment.
 */
@Injectable()
export class UpdateCard {
  constructor(
    @Inject(UnitOfWork) private readonly db: UnitOfWork,
    @Inject(CardsRepository) private readonly cards: CardsRepository,
    @Inject(CardVault) private readonly vault: CardVault,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(TokenSource) private readonly tokens: TokenSource,
  ) {}

  async execute(
    account: AuthenticatedAccount,
    token: string,
    input: UpdateCardDto & { funding_token?: string },
  ): Promise<RevealedCard> {
    const now = this.clock.now(account);
    // Hashed before the transaction: scrypt is slow on purpose, and the card row is locked inside.
    const pinHash = input.pin === undefined ? undefined : await hashPin(Buffer.from(input.pin, 'base64'));
    const after = await this.db.transaction(async (tx) => {
      const before = await this.cards.lock(tx, account.token, token);
      if (!before) return null;
      const after = Object.assign(new CardEntity(), before, { updated: now });
      if (input.memo !== undefined) after.memo = input.memo;
      // Privacy's PUT /v1/card only; the use case checked it is one of the account's sources.
      if (input.funding_token !== undefined) after.funding_token = input.funding_token;
      if (input.spend_limit !== undefined) after.spend_limit = input.spend_limit;
      if (input.spend_limit_duration !== undefined) after.spend_limit_duration = input.spend_limit_duration;
      if (input.substatus !== undefined) after.substatus = input.substatus;
      if (input.comment !== undefined) after.comment = input.comment;
      if (input.digital_card_art_token !== undefined)
        after.digital_card_art_token = input.digital_card_art_token;
      if (input.network_program_token !== undefined)
        after.network_program_token = input.network_program_token;
      // A new PIN also unblocks it (Lithic); sandbox PINs are never blocked, so pin_status stays OK.
      if (pinHash !== undefined) after.pin_hash = pinHash;
      if (input.state !== undefined) {
        const decided = transition(lifecycleOf(before), { type: 'SET_STATE', state: input.state });
        if (!decided.allowed) throw new DomainError('STATE_CONFLICT', decided.reason);
        after.state = decided.card.state;
        after.closed_by = decided.card.closedBy;
      }
      await this.cards.update(tx, after);
      const payload = toCardUpdatedPayload(before, after, this.vault);
      if (payload)
        await writeOutbox(tx, [outboxEvent(this.tokens, account.token, 'card.updated', payload, now)]);
      return after;
    });
    return revealedOrNotFound(this.vault, after, token);
  }
}
