import { assertUnreachable } from '../errors.js';
import type { CardState, CardType, SettableCardState } from './card.js';

/** `closedBy` when the card's owner closed it (PATCH, or created CLOSED): final, whatever follows. */
export const CLOSED_BY_USER = 'USER';

/**
 * What a card's state machine reads and writes. `closedBy` says who closed a CLOSED card: the
 * user, or the token of the single-use charge that closed it. Only that charge, declined by the
 * responder, may give the card back; null on a CLOSED card (closed before this was recorded) is
 * treated like the user's close.
 */
export interface CardLifecycle {
  type: CardType;
  state: CardState;
  consumed: boolean;
  closedBy: string | null;
  lockedMerchant: string;
  /** How many times a PHYSICAL card was reissued or renewed; Lithic allows eight in all. */
  reissues: number;
}

/** Lithic: "A card can be reissued or renewed a total of 8 times." */
export const MAX_REISSUES = 8;

/** The types convert_physical accepts: VIRTUAL and the deprecated kinds of it. */
const CONVERTIBLE_TYPES: readonly CardType[] = ['VIRTUAL', 'UNLOCKED', 'DIGITAL_WALLET'];

/** The network messages that touch a transaction but never its card. */
export const TRANSACTION_MESSAGES = [
  'AUTHORIZATION_ADVICE',
  'CLEARING',
  'AUTHORIZATION_REVERSAL',
  'AUTHORIZATION_EXPIRY',
  'RETURN',
  'RETURN_REVERSAL',
  'CREDIT_AUTHORIZATION_ADVICE',
] as const;
export type TransactionMessage = (typeof TRANSACTION_MESSAGES)[number];

export type CardEvent =
  /** PATCH /v1/cards with a state. */
  | { type: 'SET_STATE'; state: SettableCardState }
  /** The sandbox's fulfilment control: the card was made and sent to the cardholder. */
  | { type: 'SHIP' }
  /** POST .../convert_physical: a virtual card becomes a physical one to manufacture. */
  | { type: 'CONVERT_PHYSICAL' }
  /** POST .../reissue: a new plastic for a physical card, same PAN and expiry. */
  | { type: 'REISSUE' }
  /** POST .../renew: a new expiry (and, for PHYSICAL, a new plastic). */
  | { type: 'RENEW' }
  /**
   * An approval by the sandbox's rules: final without a responder; with one, a reservation that a
   * responder approval leaves as it is and a decline undoes (RESERVATION_DECLINED).
   */
  | { type: 'CHARGE_APPROVED'; transaction: string; closeCard: boolean; lockMerchant: string | null }
  /** A charge the sandbox's rules declined. */
  | { type: 'CHARGE_DECLINED' }
  /**
   * The responder (or its fallback) declined a reservation: it gives back what it took, unless
   * another live debit on the card depends on it.
   */
  | { type: 'RESERVATION_DECLINED'; transaction: string; otherLiveDebits: boolean }
  | { type: 'TRANSACTION_MESSAGE'; message: TransactionMessage };

export type CardTransition =
  { allowed: true; card: CardLifecycle; changed: boolean } | { allowed: false; reason: string };

/**
 * The one function that decides every change to a card's state. CLOSED is final: no event takes a
 * CLOSED card anywhere else, except the undo of the very charge that closed a single-use card
 * (the user never closed it; the responder refused the charge that did).
 */
export function transition(card: CardLifecycle, event: CardEvent): CardTransition {
  switch (event.type) {
    case 'SET_STATE':
      return setState(card, event.state);
    case 'CHARGE_APPROVED': {
      const closes = event.closeCard && card.state !== 'CLOSED';
      return changedTo(card, {
        state: closes ? 'CLOSED' : card.state,
        closedBy: closes ? event.transaction : card.closedBy,
        consumed: card.consumed || event.closeCard,
        lockedMerchant: event.lockMerchant ?? card.lockedMerchant,
      });
    }
    case 'SHIP':
      return ship(card);
    case 'CONVERT_PHYSICAL':
      return convertPhysical(card);
    case 'REISSUE':
      return reissue(card, 'reissued', ['PHYSICAL']);
    case 'RENEW':
      return reissue(card, 'renewed', ['PHYSICAL', 'VIRTUAL']);
    case 'RESERVATION_DECLINED':
      return undoReservation(card, event.transaction, event.otherLiveDebits);
    case 'CHARGE_DECLINED':
    case 'TRANSACTION_MESSAGE':
      return unchanged(card);
    default:
      return assertUnreachable(event);
  }
}

function setState(card: CardLifecycle, to: SettableCardState): CardTransition {
  if (card.state === 'CLOSED' && to !== 'CLOSED') {
    return { allowed: false, reason: `state: a CLOSED card cannot be changed to ${to}; closing is final` };
  }
  // Closing an already closed card still records that the user closed it: a single-use charge
  // that closed it first can no longer give it back.
  return changedTo(card, {
    state: to,
    closedBy: to === 'CLOSED' ? CLOSED_BY_USER : null,
  });
}

function ship(card: CardLifecycle): CardTransition {
  if (card.state === 'CLOSED') return closedIsFinal('shipped');
  if (card.state !== 'PENDING_FULFILLMENT') {
    return refused(`card_token: only a PENDING_FULFILLMENT card can be shipped; its state is ${card.state}`);
  }
  return changedTo(card, { state: 'PENDING_ACTIVATION' });
}

function convertPhysical(card: CardLifecycle): CardTransition {
  if (card.state === 'CLOSED') return closedIsFinal('converted');
  if (!CONVERTIBLE_TYPES.includes(card.type)) {
    return refused(`card_token: only a VIRTUAL card can be converted to PHYSICAL; its type is ${card.type}`);
  }
  if (card.state !== 'OPEN') {
    return refused(`card_token: only an OPEN card can be converted to PHYSICAL; its state is ${card.state}`);
  }
  return changedTo(card, { type: 'PHYSICAL', state: 'PENDING_FULFILLMENT' });
}

/** Reissue and renew keep the card's token and PAN; on a PHYSICAL card each one counts. */
function reissue(card: CardLifecycle, verb: string, types: readonly CardType[]): CardTransition {
  if (card.state === 'CLOSED') return closedIsFinal(verb);
  if (!types.includes(card.type)) {
    return refused(`card_token: only ${types.join(' or ')} cards can be ${verb}; its type is ${card.type}`);
  }
  if (card.type !== 'PHYSICAL') return changedTo(card, {});
  if (card.reissues >= MAX_REISSUES) {
    return refused(`card_token: a card can be reissued or renewed at most ${MAX_REISSUES} times`);
  }
  return changedTo(card, { reissues: card.reissues + 1 });
}

function closedIsFinal(verb: string): CardTransition {
  // These requests carry no state field: the card they name is what is refused.
  return refused(`card_token: a CLOSED card cannot be ${verb}; closing is final`);
}

function refused(reason: string): CardTransition {
  return { allowed: false, reason };
}

function undoReservation(card: CardLifecycle, transaction: string, otherLiveDebits: boolean): CardTransition {
  if (otherLiveDebits) return unchanged(card);
  if (card.type === 'SINGLE_USE' && card.consumed) {
    const closedByThisCharge = card.state === 'CLOSED' && card.closedBy === transaction;
    // The use is given back either way; the card reopens only if this charge was what closed it.
    return changedTo(card, {
      consumed: false,
      state: closedByThisCharge ? 'OPEN' : card.state,
      closedBy: closedByThisCharge ? null : card.closedBy,
    });
  }
  if (card.type === 'MERCHANT_LOCKED' && card.lockedMerchant) {
    return changedTo(card, { lockedMerchant: '' });
  }
  return unchanged(card);
}

function changedTo(card: CardLifecycle, change: Partial<CardLifecycle>): CardTransition {
  const next = { ...card, ...change };
  const changed = (Object.keys(next) as (keyof CardLifecycle)[]).some((k) => next[k] !== card[k]);
  return { allowed: true, card: next, changed };
}

function unchanged(card: CardLifecycle): CardTransition {
  return { allowed: true, card, changed: false };
}

/**
 * A new card's lifecycle: created CLOSED counts as the user's close. A PHYSICAL card starts
 * PENDING_FULFILLMENT whatever state was asked for: it has not been made yet.
 */
export function newCardLifecycle(type: CardType, requested: SettableCardState): CardLifecycle {
  const state: CardState = type === 'PHYSICAL' ? 'PENDING_FULFILLMENT' : requested;
  return {
    type,
    state,
    consumed: false,
    closedBy: state === 'CLOSED' ? CLOSED_BY_USER : null,
    lockedMerchant: '',
    reissues: 0,
  };
}
