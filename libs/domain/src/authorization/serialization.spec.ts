import { describe, expect, it } from '@jest/globals';
import type { CardType, SpendLimitDuration } from '../card/card.js';
import type { AccountSnapshot } from '../account/account.js';
import type { AuthorizationStatus } from './decide.js';
import type { RuleVersion, VelocityParameters } from './auth-rules.js';
import {
  dependsOnOtherApprovals,
  needsUsage,
  readsAccountSpend,
  sameWindows,
  usageWindows,
  type UsageWindows,
} from './serialization.js';

const noLimits: AccountSnapshot = {
  state: 'ACTIVE',
  dailySpendLimit: null,
  monthlySpendLimit: null,
  lifetimeSpendLimit: null,
};
const withDaily: AccountSnapshot = { ...noLimits, dailySpendLimit: 1000 };

describe('dependsOnOtherApprovals', () => {
  it.each<[string, CardType, number, SpendLimitDuration, AccountSnapshot, AuthorizationStatus, boolean]>([
    ['a plain virtual card', 'VIRTUAL', 0, 'TRANSACTION', noLimits, 'AUTHORIZATION', false],
    ['a per-transaction limit', 'VIRTUAL', 500, 'TRANSACTION', noLimits, 'AUTHORIZATION', false],
    ['a single-use card', 'SINGLE_USE', 0, 'TRANSACTION', noLimits, 'AUTHORIZATION', true],
    [
      'a merchant-locked card',
      'MERCHANT_LOCKED',
      0,
      'TRANSACTION',
      noLimits,
      'FINANCIAL_AUTHORIZATION',
      true,
    ],
    ['a forever limit', 'VIRTUAL', 500, 'FOREVER', noLimits, 'AUTHORIZATION', true],
    ['a monthly limit', 'UNLOCKED', 500, 'MONTHLY', noLimits, 'AUTHORIZATION', true],
    ['an account limit', 'VIRTUAL', 0, 'TRANSACTION', withDaily, 'AUTHORIZATION', true],
    [
      'a credit on a single-use card',
      'SINGLE_USE',
      0,
      'TRANSACTION',
      noLimits,
      'CREDIT_AUTHORIZATION',
      false,
    ],
    ['a balance inquiry with limits', 'VIRTUAL', 500, 'FOREVER', withDaily, 'BALANCE_INQUIRY', false],
  ])('%s: %s', (_, type, spendLimit, spendLimitDuration, account, status, expected) => {
    expect(dependsOnOtherApprovals({ type, spendLimit, spendLimitDuration }, account, status)).toBe(expected);
  });
});

describe('usageWindows', () => {
  const now = new Date('2026-03-31T12:00:00Z');

  it('asks for no sums when nothing is limited', () => {
    expect(usageWindows({ spendLimit: 0, spendLimitDuration: 'MONTHLY' }, noLimits, now)).toEqual({
      card: null,
      accountDaily: null,
      accountMonthly: null,
      accountLifetime: null,
    });
  });

  it('starts a monthly card window one month back and the daily account window 24 hours back', () => {
    const windows = usageWindows({ spendLimit: 500, spendLimitDuration: 'MONTHLY' }, withDaily, now);
    expect(windows.card).toEqual(new Date('2026-02-28T12:00:00Z'));
    expect(windows.accountDaily).toEqual(new Date('2026-03-30T12:00:00Z'));
    expect(windows.accountMonthly).toBeNull();
  });
});

describe('needsUsage', () => {
  const none = { card: null, accountDaily: null, accountMonthly: null, accountLifetime: null };
  it.each<[string, Partial<Record<keyof typeof none, Date>>, boolean]>([
    ['no window', {}, false],
    ['a card window', { card: new Date(0) }, true],
    ['a daily account window', { accountDaily: new Date(0) }, true],
    ['a monthly account window', { accountMonthly: new Date(0) }, true],
    ['a lifetime account window', { accountLifetime: new Date(0) }, true],
  ])('%s needs a usage sum: %s', (_name, windows, expected) => {
    expect(needsUsage({ ...none, ...windows })).toBe(expected);
  });
});

describe('sameWindows', () => {
  const now = new Date('2026-03-15T12:00:00.000Z');
  const monthly = usageWindows({ spendLimit: 500, spendLimitDuration: 'MONTHLY' }, noLimits, now);
  const later = (w: UsageWindows): UsageWindows => ({ ...w, card: new Date(w.card!.getTime() + 1) });
  it.each<[string, UsageWindows, UsageWindows, boolean]>([
    [
      'the same windows computed twice',
      monthly,
      usageWindows({ spendLimit: 900, spendLimitDuration: 'MONTHLY' }, noLimits, now),
      true,
    ],
    ['a card window a millisecond apart', monthly, later(monthly), false],
    [
      'a limit set on one side only',
      monthly,
      usageWindows({ spendLimit: 500, spendLimitDuration: 'MONTHLY' }, withDaily, now),
      false,
    ],
    [
      'another duration',
      monthly,
      usageWindows({ spendLimit: 500, spendLimitDuration: 'ANNUALLY' }, noLimits, now),
      false,
    ],
    [
      'a limit removed',
      monthly,
      usageWindows({ spendLimit: 0, spendLimitDuration: 'MONTHLY' }, noLimits, now),
      false,
    ],
  ])('%s: %p', (_, a, b, same) => {
    expect(sameWindows(a, b)).toBe(same);
    expect(sameWindows(b, a)).toBe(same);
  });
});

describe('readsAccountSpend', () => {
  const velocity = (scope: VelocityParameters['scope']): RuleVersion => ({
    token: 'r',
    version: 1,
    name: null,
    type: 'VELOCITY_LIMIT',
    eventStream: 'AUTHORIZATION',
    parameters: { scope, period: { type: 'DAY' }, limit_count: 1 } as VelocityParameters,
  });
  it.each<[string, AccountSnapshot, RuleVersion[], boolean]>([
    ['no limits and no rules', noLimits, [], false],
    ['an account limit', withDaily, [], true],
    ['a card-scoped velocity rule', noLimits, [velocity('CARD')], false],
    ['an account-scoped velocity rule', noLimits, [velocity('ACCOUNT')], true],
  ])('%s: %s', (_name, account, rules, expected) => {
    expect(readsAccountSpend(account, rules)).toBe(expected);
  });
});
