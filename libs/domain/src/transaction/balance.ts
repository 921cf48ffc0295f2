import type { Cents } from '../money.js';
import { DomainError } from '../errors.js';
import { AUTHORIZATION_STATUSES, type AuthorizationStatus } from '../authorization/decide.js';
import { APPROVED } from '../authorization/results.js';
import {
  authorizationPosting,
  creditPosting,
  MERCHANT_CREDITS,
  type MerchantCredit,
  type Posting,
} from './authorization.js';
import {
  adviseAmount,
  clear,
  reverseReturn,
  voidHold,
  type Polarity,
  type TransactionState,
} from './lifecycle.js';

/** A stored transaction event, with its transaction's polarity: what a balance is replayed from. */
export interface RecordedEvent {
  token: string;
  transactionToken: string;
  type: string;
  amount: Cents;
  result: string;
  polarity: Polarity;
  created: Date;
}

/**
 * An ISSUING balance: `total` is settled credits less settled debits; `pending` is what approved
 * debits still hold; `available` is total less pending (so total = available + pending, as Lithic
 * defines them). A pending credit is in none of them until it settles.
 */
export interface Balance {
  available: Cents;
  pending: Cents;
  total: Cents;
  /** The last event that moved the balance, and when; null while nothing has. */
  last: { transactionToken: string; eventToken: string; created: Date } | null;
}

const APPROVAL = { approved: true, closeCard: false, lockMerchant: null } as const;

/**
 * A transaction's state after its first event: the posting the sandbox made when it recorded it. A
 * declined one (by the rules or by the responder) holds and settles nothing.
 */
function opening(event: RecordedEvent): TransactionState {
  if (event.result !== APPROVED) {
    return { status: 'DECLINED', polarity: event.polarity, pendingAmount: 0, settledAmount: 0 };
  }
  if ((MERCHANT_CREDITS as readonly string[]).includes(event.type)) {
    return stateOf(creditPosting(event.type as MerchantCredit, event.amount));
  }
  if ((AUTHORIZATION_STATUSES as readonly string[]).includes(event.type)) {
    return stateOf(authorizationPosting(event.type as AuthorizationStatus, event.amount, APPROVAL));
  }
  throw new DomainError('STATE_CONFLICT', `transaction ${event.transactionToken} opens with a ${event.type}`);
}

function stateOf({ status, polarity, pendingAmount, settledAmount }: Posting): TransactionState {
  return { status, polarity, pendingAmount, settledAmount };
}

/** A later event applied with the very lifecycle functions that recorded it, so the replay cannot drift. */
function next(state: TransactionState, event: RecordedEvent): TransactionState {
  const changed = (() => {
    switch (event.type) {
      case 'CLEARING':
        return clear(state, event.amount);
      case 'AUTHORIZATION_REVERSAL':
      case 'AUTHORIZATION_EXPIRY':
        return voidHold(state, event.type, event.amount);
      case 'AUTHORIZATION_ADVICE':
        return adviseAmount(state, event.amount);
      case 'RETURN_REVERSAL':
        return reverseReturn(state);
      default:
        throw new DomainError(
          'STATE_CONFLICT',
          `transaction ${event.transactionToken} has a ${event.type} event`,
        );
    }
  })();
  return {
    status: changed.status,
    polarity: state.polarity,
    pendingAmount: changed.pendingAmount,
    settledAmount: changed.settledAmount,
  };
}

/** What one transaction in a state contributes to its account's balance. */
export function balanceEffect(state: TransactionState): { pending: Cents; total: Cents } {
  const debit = state.polarity === 'DEBIT';
  return {
    pending: debit ? state.pendingAmount : 0,
    // `0 - x`, not `-x`: no -0 when nothing settled.
    total: debit ? 0 - state.settledAmount : state.settledAmount,
  };
}

/**
 * The balance the events (of any number of transactions, oldest first) add up to from zero, or up
 * to and including the event `through`; null when `through` is not among them.
 */
export function balanceOf(events: RecordedEvent[], through?: string): Balance | null {
  const states = new Map<string, TransactionState>();
  let pending = 0;
  let total = 0;
  let last: Balance['last'] = null;
  for (const event of events) {
    const before = states.get(event.transactionToken);
    const after = before ? next(before, event) : opening(event);
    states.set(event.transactionToken, after);
    const was = before ? balanceEffect(before) : { pending: 0, total: 0 };
    const is = balanceEffect(after);
    if (is.pending !== was.pending || is.total !== was.total) {
      pending += is.pending - was.pending;
      total += is.total - was.total;
      last = { transactionToken: event.transactionToken, eventToken: event.token, created: event.created };
    }
    if (event.token === through) return { available: total - pending, pending, total, last };
  }
  return through === undefined ? { available: total - pending, pending, total, last } : null;
}
