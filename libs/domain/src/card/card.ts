import type { Cents } from '../money.js';
import { DomainError } from '../errors.js';
import { transition } from './lifecycle.js';

export const CARD_TYPES = [
  'SINGLE_USE',
  'MERCHANT_LOCKED',
  'VIRTUAL',
  'UNLOCKED',
  'DIGITAL_WALLET',
  'PHYSICAL',
] as const;
export type CardType = (typeof CARD_TYPES)[number];

/**
 * A PHYSICAL card starts PENDING_FULFILLMENT, moves to PENDING_ACTIVATION when shipped and is
 * opened by its owner; both pending states still take card-not-present charges (Lithic's spec).
 */
export const CARD_STATES = ['OPEN', 'PAUSED', 'CLOSED', 'PENDING_FULFILLMENT', 'PENDING_ACTIVATION'] as const;
export type CardState = (typeof CARD_STATES)[number];
/** The states a PATCH may ask for; the pending ones come only from fulfilment. */
export const SETTABLE_CARD_STATES = ['OPEN', 'PAUSED', 'CLOSED'] as const;
export type SettableCardState = (typeof SETTABLE_CARD_STATES)[number];

/** Why a card is in its state (Lithic's `substatus`): recorded, never acted on. */
export const CARD_SUBSTATUSES = [
  'LOST',
  'COMPROMISED',
  'DAMAGED',
  'END_USER_REQUEST',
  'ISSUER_REQUEST',
  'NOT_ACTIVE',
  'SUSPICIOUS_ACTIVITY',
  'INTERNAL_REVIEW',
  'EXPIRED',
  'UNDELIVERABLE',
  'OTHER',
] as const;
export type CardSubstatus = (typeof CARD_SUBSTATUSES)[number];

export const SHIPPING_METHODS = [
  '2_DAY',
  'BULK',
  'EXPEDITED',
  'EXPRESS',
  'PRIORITY',
  'STANDARD',
  'STANDARD_WITH_TRACKING',
] as const;
export type ShippingMethod = (typeof SHIPPING_METHODS)[number];

export const SPEND_LIMIT_DURATIONS = ['TRANSACTION', 'MONTHLY', 'ANNUALLY', 'FOREVER'] as const;
export type SpendLimitDuration = (typeof SPEND_LIMIT_DURATIONS)[number];

export interface Card {
  token: string;
  accountToken: string;
  type: CardType;
  state: CardState;
  memo: string;
  spendLimit: Cents;
  spendLimitDuration: SpendLimitDuration;
  lastFour: string;
  expMonth: string;
  expYear: string;
  /** The merchant a MERCHANT_LOCKED card locked to on its first approval; '' until then. */
  lockedMerchant: string;
  created: Date;
  updated: Date;
}

/** CLOSED is final: a closed card can never be reopened or paused (decided by `transition`). */
export function assertStateChange(from: CardState, to: SettableCardState): void {
  const decided = transition(
    { type: 'VIRTUAL', state: from, consumed: false, closedBy: null, lockedMerchant: '', reissues: 0 },
    { type: 'SET_STATE', state: to },
  );
  if (!decided.allowed) throw new DomainError('STATE_CONFLICT', decided.reason);
}

export const DEFAULT_EXPIRY_YEARS = 5;

/** Lithic's default: five years ahead, in the current month. */
export function defaultExpiry(now: Date): { expMonth: string; expYear: string } {
  return {
    expMonth: String(now.getUTCMonth() + 1).padStart(2, '0'),
    expYear: String(now.getUTCFullYear() + DEFAULT_EXPIRY_YEARS),
  };
}

/** A card is valid through the last instant of its expiry month (UTC). */
export function expiresAt(expMonth: string, expYear: string): Date {
  return new Date(Date.UTC(Number(expYear), Number(expMonth), 1) - 1);
}

export function isExpired(card: Pick<Card, 'expMonth' | 'expYear'>, now: Date): boolean {
  return now.getTime() > expiresAt(card.expMonth, card.expYear).getTime();
}

/**
 * Checks a requested expiry: both fields or neither, a real month, not in the past, at most five
 * years ahead (Lithic's maximum).
 */
export function validateExpiry(expMonth: string, expYear: string, now: Date): void {
  const month = Number(expMonth);
  if (!/^\d{2}$/.test(expMonth) || month < 1 || month > 12) {
    throw new DomainError('VALIDATION', 'exp_month must be a two-digit month, 01 to 12');
  }
  if (!/^\d{4}$/.test(expYear)) throw new DomainError('VALIDATION', 'exp_year must be a four-digit year');
  if (isExpired({ expMonth, expYear }, now)) {
    throw new DomainError('VALIDATION', 'exp_month/exp_year must not be in the past');
  }
  const latest = defaultExpiry(now);
  if (Number(expYear) * 12 + month > Number(latest.expYear) * 12 + Number(latest.expMonth)) {
    throw new DomainError('VALIDATION', 'exp_year must be at most five years ahead');
  }
}

/** How a merchant is identified for locking: its acceptor id, else its descriptor normalised. */
export function merchantKey(descriptor: string, merchantAcceptorId?: string | null): string {
  const id = merchantAcceptorId?.trim();
  if (id) return id;
  return descriptor.trim().toUpperCase().replace(/\s+/g, ' ');
}

/** The expiry a new card gets: the one asked for (both fields, checked), or Lithic's default. */
export function requestedExpiry(
  expMonth: string | undefined,
  expYear: string | undefined,
  now: Date,
): { expMonth: string; expYear: string } {
  if ((expMonth === undefined) !== (expYear === undefined)) {
    throw new DomainError('VALIDATION', 'exp_month and exp_year must be given together');
  }
  if (!expMonth || !expYear) return defaultExpiry(now);
  validateExpiry(expMonth, expYear, now);
  return { expMonth, expYear };
}
