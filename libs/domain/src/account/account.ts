import type { Cents } from '../money.js';
import { DomainError } from '../errors.js';

export const ACCOUNT_STATES = ['ACTIVE', 'PAUSED', 'CLOSED'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

/** Why an account is in its state (Lithic's `substatus`): recorded, never acted on. */
export const ACCOUNT_SUBSTATUSES = [
  'FRAUD_IDENTIFIED',
  'SUSPICIOUS_ACTIVITY',
  'RISK_VIOLATION',
  'END_USER_REQUEST',
  'ISSUER_REQUEST',
  'NOT_ACTIVE',
  'INTERNAL_REVIEW',
  'OTHER',
] as const;
export type AccountSubstatus = (typeof ACCOUNT_SUBSTATUSES)[number];

/** What an authorization reads of its card's account. */
export interface AccountSnapshot {
  state: AccountState;
  dailySpendLimit: Cents | null;
  monthlySpendLimit: Cents | null;
  lifetimeSpendLimit: Cents | null;
}

export function hasAccountLimits(account: AccountSnapshot): boolean {
  return Boolean(account.dailySpendLimit || account.monthlySpendLimit || account.lifetimeSpendLimit);
}

/** A requested change to an account; an absent field stays as it is, a limit of 0 removes it. */
export interface AccountChange extends AccountNotes {
  state?: AccountState;
  dailySpendLimit?: Cents;
  monthlySpendLimit?: Cents;
  lifetimeSpendLimit?: Cents;
}

/** What an account's owner records about it; stored and returned, never acted on. */
export interface AccountNotes {
  substatus?: AccountSubstatus | null;
  comment?: string;
  verificationAddress?: Record<string, string>;
}

/** The fields to store: null removes a limit. */
export type AccountUpdate = AccountNotes &
  Partial<{
    state: AccountState;
    dailySpendLimit: Cents | null;
    monthlySpendLimit: Cents | null;
    lifetimeSpendLimit: Cents | null;
  }>;

/** CLOSED is final for an account as for a card; 0 removes a limit, as a card's spend_limit of 0 does. */
export function updateAccount(current: Pick<AccountSnapshot, 'state'>, change: AccountChange): AccountUpdate {
  if (current.state === 'CLOSED' && change.state && change.state !== 'CLOSED') {
    throw new DomainError('STATE_CONFLICT', `state: a CLOSED account cannot be changed to ${change.state}`);
  }
  const { substatus, comment, verificationAddress } = change;
  const update: AccountUpdate = Object.fromEntries(
    Object.entries({ substatus, comment, verificationAddress }).filter(([, v]) => v !== undefined),
  );
  if (change.state !== undefined) update.state = change.state;
  if (change.dailySpendLimit !== undefined) update.dailySpendLimit = change.dailySpendLimit || null;
  if (change.monthlySpendLimit !== undefined) update.monthlySpendLimit = change.monthlySpendLimit || null;
  if (change.lifetimeSpendLimit !== undefined) update.lifetimeSpendLimit = change.lifetimeSpendLimit || null;
  return update;
}
