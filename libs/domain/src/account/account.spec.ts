import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors.js';
import {
  hasAccountLimits,
  updateAccount,
  type AccountChange,
  type AccountSnapshot,
  type AccountState,
  type AccountUpdate,
} from './account.js';

const noLimits: AccountSnapshot = {
  state: 'ACTIVE',
  dailySpendLimit: null,
  monthlySpendLimit: null,
  lifetimeSpendLimit: null,
};

describe('hasAccountLimits', () => {
  it.each<[string, Partial<AccountSnapshot>, boolean]>([
    ['no limit', {}, false],
    ['a daily limit', { dailySpendLimit: 100 }, true],
    ['a monthly limit', { monthlySpendLimit: 100 }, true],
    ['a lifetime limit', { lifetimeSpendLimit: 100 }, true],
    ['a limit of 0 (none)', { dailySpendLimit: 0 }, false],
  ])('%s: %s', (_name, limits, expected) => {
    expect(hasAccountLimits({ ...noLimits, ...limits })).toBe(expected);
  });
});

describe('updateAccount', () => {
  it.each<[string, AccountState, AccountChange, AccountUpdate]>([
    ['nothing asked changes nothing', 'ACTIVE', {}, {}],
    ['pauses an active account', 'ACTIVE', { state: 'PAUSED' }, { state: 'PAUSED' }],
    ['reactivates a paused account', 'PAUSED', { state: 'ACTIVE' }, { state: 'ACTIVE' }],
    ['closes a closed account again', 'CLOSED', { state: 'CLOSED' }, { state: 'CLOSED' }],
    ['sets a daily limit', 'ACTIVE', { dailySpendLimit: 500 }, { dailySpendLimit: 500 }],
    ['removes a monthly limit with 0', 'ACTIVE', { monthlySpendLimit: 0 }, { monthlySpendLimit: null }],
    ['removes a lifetime limit with 0', 'ACTIVE', { lifetimeSpendLimit: 0 }, { lifetimeSpendLimit: null }],
    ['changes limits of a closed account', 'CLOSED', { dailySpendLimit: 1 }, { dailySpendLimit: 1 }],
    [
      'records a substatus and comment on a closed account',
      'CLOSED',
      { substatus: 'OTHER', comment: 'moved away' },
      { substatus: 'OTHER', comment: 'moved away' },
    ],
    ['clears a substatus with null', 'ACTIVE', { substatus: null }, { substatus: null }],
  ])('%s', (_name, state, change, expected) => {
    expect(updateAccount({ state }, change)).toEqual(expected);
  });

  it.each<AccountState>(['ACTIVE', 'PAUSED'])('refuses to take a CLOSED account back to %s', (to) => {
    expect(() => updateAccount({ state: 'CLOSED' }, { state: to })).toThrow(DomainError);
  });
});
