import type { TransactionStatus } from './lifecycle.js';

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
