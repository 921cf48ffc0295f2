import type { Cents } from '../money.js';
import { DomainError } from '../errors.js';
import { expireHold } from './expiry.js';
import type { AuthorizationStatus } from '../authorization/decide.js';

export const TRANSACTION_STATUSES = ['PENDING', 'VOIDED', 'SETTLED', 'DECLINED', 'EXPIRED'] as const;
export type TransactionStatus = (typeof TRANSACTION_STATUSES)[number];
export const POLARITIES = ['DEBIT', 'CREDIT'] as const;
export type Polarity = (typeof POLARITIES)[number];
export const VOID_TYPES = ['AUTHORIZATION_REVERSAL', 'AUTHORIZATION_EXPIRY'] as const;
export type VoidType = (typeof VOID_TYPES)[number];
export type LifecycleEventType = 'CLEARING' | VoidType | 'AUTHORIZATION_ADVICE' | 'RETURN_REVERSAL';

export interface TransactionState {
  status: TransactionStatus;
  polarity: Polarity;
  pendingAmount: Cents;
  settledAmount: Cents;
}

/** What a simulated network message does to a transaction: its new state and the event it adds. */
export interface Transition {
  status: TransactionStatus;
  pendingAmount: Cents;
  settledAmount: Cents;
  event: { type: LifecycleEventType; amount: Cents };
}

/** Clearing settles the hold, or the given amount (networks may clear more or less than held). */
export function clear(t: TransactionState, amount?: Cents): Transition {
  requirePending(t, 'cleared');
  const settled = amount ?? t.pendingAmount;
  return {
    status: 'SETTLED',
    pendingAmount: 0,
    settledAmount: t.settledAmount + settled,
    event: { type: 'CLEARING', amount: settled },
  };
}

/** A reversal releases all or part of the hold; an expiry always releases all of it. */
export function voidHold(t: TransactionState, type: VoidType, amount?: Cents): Transition {
  requirePending(t, 'voided');
  if (type === 'AUTHORIZATION_EXPIRY') return expireHold(t);
  const released = amount ?? t.pendingAmount;
  if (released > t.pendingAmount) {
    throw new DomainError(
      'VALIDATION',
      `amount: cannot void ${released} cents; only ${t.pendingAmount} cents are pending`,
    );
  }
  const pending = t.pendingAmount - released;
  return {
    status: pending === 0 ? 'VOIDED' : 'PENDING',
    pendingAmount: pending,
    settledAmount: t.settledAmount,
    event: { type, amount: released },
  };
}

/** An advice replaces the pending hold with the amount the network settled on. */
export function adviseAmount(t: TransactionState, amount: Cents): Transition {
  requirePending(t, 'adjusted by an advice');
  return {
    status: 'PENDING',
    pendingAmount: amount,
    settledAmount: t.settledAmount,
    event: { type: 'AUTHORIZATION_ADVICE', amount },
  };
}

/** A return reversal takes back a settled credit (a merchant's refund). */
export function reverseReturn(t: TransactionState): Transition {
  if (t.polarity !== 'CREDIT' || t.status !== 'SETTLED' || t.settledAmount === 0) {
    throw new DomainError('STATE_CONFLICT', 'token: only a settled, unreversed credit can be reversed');
  }
  return {
    status: 'SETTLED',
    pendingAmount: 0,
    settledAmount: 0,
    event: { type: 'RETURN_REVERSAL', amount: t.settledAmount },
  };
}

function requirePending(t: TransactionState, what: string): void {
  if (t.status !== 'PENDING') {
    throw new DomainError(
      'STATE_CONFLICT',
      `token: a ${t.status} transaction cannot be ${what}; only PENDING ones can`,
    );
  }
}

/** Single-message (financial) authorizations and balance inquiries settle at once; the rest hold. */
export function settlesAtOnce(status: AuthorizationStatus): boolean {
  return (
    status === 'FINANCIAL_AUTHORIZATION' ||
    status === 'FINANCIAL_CREDIT_AUTHORIZATION' ||
    status === 'BALANCE_INQUIRY'
  );
}

export function polarityOf(status: AuthorizationStatus): Polarity {
  return status === 'CREDIT_AUTHORIZATION' || status === 'FINANCIAL_CREDIT_AUTHORIZATION'
    ? 'CREDIT'
    : 'DEBIT';
}
