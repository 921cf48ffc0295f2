import type { Cents } from '../money.js';
import { DomainError } from '../errors.js';

export const ACCOUNT_STATES = ['ACTIVE', 'PAUSED', 'CLOSED'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

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
export interface AccountChange {
  state?: AccountState;
  dailySpendLimit?: Cents;
  monthlySpendLimit?: Cents;
  lifetimeSpendLimit?: Cents;
}

/** The fields to store: null removes a limit. */
export type AccountUpdate = Partial<{
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
  const update: AccountUpdate = {};
  if (change.state !== undefined) update.state = change.state;
  if (change.dailySpendLimit !== undefined) update.dailySpendLimit = change.dailySpendLimit || null;
  if (change.monthlySpendLimit !== undefined) update.monthlySpendLimit = change.monthlySpendLimit || null;
  if (change.lifetimeSpendLimit !== undefined) update.lifetimeSpendLimit = change.lifetimeSpendLimit || null;
  return update;
}
