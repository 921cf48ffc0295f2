import { Inject, Injectable } from '@nestjs/common';
import {
  countedAmount,
  counterDeltas,
  reservationState,
  responderFailed,
  transition,
  type ResponderDecision,
} from '#domain';
import { Environment } from '#platform';
import { toCardUpdatedPayload, toTransactionResponse } from '#lithic-wire';
import {
  AuthorizationsRepository,
  CardEntity,
  CardsRepository,
  CardVault,
  lifecycleOf,
  outboxEvent,
  toState,
  TokenSource,
  TransactionsRepository,
  UnitOfWork,
  writeOutbox,
  type Queryable,
  type TransactionEntity,
} from '#persistence';

/**
 * Settles a reservation with the responder's answer (or the fallback), once, in one short
 * transaction: a reservation already settled (by the sweeper after a crash, say) is left alone and
 * returned as it is. A decline releases the hold and gives back what the charge took of its card.
 */
@Injectable()
export class SettleReservation {
  constructor(
    @Inject(UnitOfWork) private readonly db: UnitOfWork,
    @Inject(AuthorizationsRepository) private readonly authorizations: AuthorizationsRepository,
    @Inject(TransactionsRepository) private readonly transactions: TransactionsRepository,
    @Inject(CardsRepository) private readonly cards: CardsRepository,
    @Inject(CardVault) private readonly vault: CardVault,
    @Inject(Environment) private readonly env: Environment,
    @Inject(TokenSource) private readonly tokens: TokenSource,
  ) {}

  execute(token: string, decision: ResponderDecision, now: Date): Promise<TransactionEntity | null> {
    return this.db.transaction(async (tx) => {
      const t = await this.authorizations.lockTransaction(tx, token);
      if (!t || reservationState(t.responder_deadline, now) === 'DECIDED') return t;
      const events = [];
      if (decision.approved) {
        await this.authorizations.confirmReservation(tx, token);
      } else {
        // The card row is locked before the spend counters, the order an authorization takes them in.
        const card = await this.giveBack(tx, t, now);
        const held = countedAmount(toState(t));
        await this.authorizations.declineReservation(
          tx,
          {
            token,
            cardToken: t.card_token,
            accountToken: t.account_token,
            mcc: t.mcc,
            merchantCountry: t.merchant_country,
          },
          decision,
          now,
          counterDeltas(t.created, held, 0),
        );
        Object.assign(t, {
          status: 'DECLINED',
          result: decision.result,
          pending_amount: 0,
          settled_amount: 0,
          updated: now,
        });
        const payload = card && toCardUpdatedPayload(card.before, card.after, this.vault);
        if (payload) events.push(outboxEvent(this.tokens, t.account_token, 'card.updated', payload, now));
      }
      t.responder_deadline = null;
      const settled = { transaction: t, events: await this.transactions.events(tx, t.token) };
      events.unshift(
        outboxEvent(
          this.tokens,
          t.account_token,
          'card_transaction.updated',
          toTransactionResponse(settled),
          now,
        ),
      );
      await writeOutbox(tx, events);
      return t;
    });
  }

  /** What a responder that never answered means: ASA_FALLBACK. */
  fallback(): ResponderDecision {
    return responderFailed(
      'TIMEOUT',
      this.env.ASA_FALLBACK,
      'the sandbox stopped before the responder answered',
    );
  }

  /**
   * A declined reservation gives back what it took, as the card's state machine decides with the
   * card row locked (a single-use card reopens only if this charge closed it, a merchant lock it
   * set is lifted), unless another live debit on the card depends on it.
   */
  private async giveBack(
    tx: Queryable,
    t: TransactionEntity,
    now: Date,
  ): Promise<{ before: CardEntity; after: CardEntity } | null> {
    const locked = await this.authorizations.lockCardWithLiveDebits(tx, t.card_token, t.token);
    if (!locked) return null;
    const before = locked.card;
    const decided = transition(lifecycleOf(before), {
      type: 'RESERVATION_DECLINED',
      transaction: t.token,
      otherLiveDebits: locked.otherLiveDebits,
    });
    if (!decided.allowed || !decided.changed) return null;
    const { state, consumed, closedBy, lockedMerchant } = decided.card;
    const after = Object.assign(new CardEntity(), before, {
      state,
      consumed,
      closed_by: closedBy,
      locked_merchant: lockedMerchant,
      updated: now,
    });
    await this.cards.update(tx, after);
    return { before, after };
  }
}
