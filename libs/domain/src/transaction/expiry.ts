import { DomainError } from '../errors.js';
import type { TransactionState, TransactionStatus, Transition } from './lifecycle.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Authorizations made before this instant have been pending too long by a clock reading `now`. */
export function expiryCutoff(now: Date, expiryDays: number): Date {
  return new Date(now.getTime() - expiryDays * DAY_MS);
}

/** A network expires an authorization still pending `expiryDays` after it was made. */
export function isExpiredAuthorization(
  t: { status: TransactionStatus; created: Date },
  now: Date,
  expiryDays: number,
): boolean {
  return t.status === 'PENDING' && t.created.getTime() < expiryCutoff(now, expiryDays).getTime();
}

/** An expiry releases the whole pending hold: the sweep's, a simulated one's, one asked for by token. */
export function expireHold(t: TransactionState): Transition {
  if (t.status !== 'PENDING') {
    throw new DomainError(
      'STATE_CONFLICT',
      `transaction_token: the transaction is ${t.status}; only a PENDING authorization can expire`,
    );
  }
  return {
    status: 'EXPIRED',
    pendingAmount: 0,
    settledAmount: t.settledAmount,
    event: { type: 'AUTHORIZATION_EXPIRY', amount: t.pendingAmount },
  };
}
