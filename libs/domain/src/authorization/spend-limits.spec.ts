import { describe, expect, it } from '@jest/globals';
import type { SpendLimitDuration } from '../card/card.js';
import { accountSpendLimits, cardSpendLimits, type SpendLimits } from './spend-limits.js';
import type { CardLimitWindow } from './windows.js';

const used = { monthly: 300, annually: 1_200, forever: 5_000 };

describe('cardSpendLimits', () => {
  it.each<[string, number, SpendLimitDuration, SpendLimits<CardLimitWindow>]>([
    [
      'a monthly limit binds the monthly window only',
      1_000,
      'MONTHLY',
      { limit: { monthly: 1_000 }, available: { monthly: 700 } },
    ],
    [
      'an annual limit binds the annual window only',
      1_000,
      'ANNUALLY',
      { limit: { annually: 1_000 }, available: { annually: 0 } },
    ],
    [
      'a lifetime limit binds forever',
      9_000,
      'FOREVER',
      { limit: { forever: 9_000 }, available: { forever: 4_000 } },
    ],
    ['a per-transaction limit binds no window', 1_000, 'TRANSACTION', { limit: {}, available: {} }],
    ['a limit of 0 is no limit', 0, 'MONTHLY', { limit: {}, available: {} }],
  ])('%s', (_, spendLimit, spendLimitDuration, expected) => {
    expect(cardSpendLimits({ spendLimit, spendLimitDuration }, used)).toEqual(expected);
  });
});

describe('accountSpendLimits', () => {
  const spent = { daily: 100, monthly: 400, lifetime: 900 };
  it.each<
    [string, number | null, number | null, number | null, SpendLimits<'daily' | 'monthly' | 'lifetime'>]
  >([
    [
      'every window is reported, and an unset one reads 0 with nothing available',
      500,
      null,
      null,
      { limit: { daily: 500, monthly: 0, lifetime: 0 }, available: { daily: 400 } },
    ],
    [
      'what is left never goes below 0',
      50,
      400,
      1_000,
      {
        limit: { daily: 50, monthly: 400, lifetime: 1_000 },
        available: { daily: 0, monthly: 0, lifetime: 100 },
      },
    ],
    [
      'no limits leave no figures',
      null,
      null,
      null,
      { limit: { daily: 0, monthly: 0, lifetime: 0 }, available: {} },
    ],
  ])('%s', (_, daily, monthly, lifetime, expected) => {
    expect(accountSpendLimits({ daily, monthly, lifetime }, spent)).toEqual(expected);
  });
});
