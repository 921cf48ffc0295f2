import { hasAccountLimits, type AccountSnapshot } from '../account/account.js';
import { isDebit, type AuthorizationStatus, type CardSnapshot, type Usage } from './decide.js';
import { hasAccountVelocity, type RuleVersion } from './auth-rules.js';
import { accountWindowStarts, cardWindowStart } from './windows.js';

/**
 * Whether a charge's decision reads state that a concurrent approval can change: a single-use
 * card's first use, a merchant lock, a windowed card limit, any account limit. Such charges are
 * decided under a row lock; every other one (a plain virtual card) needs no lock at all.
 */
export function dependsOnOtherApprovals(
  card: Pick<CardSnapshot, 'type' | 'spendLimit' | 'spendLimitDuration'>,
  account: AccountSnapshot,
  status: AuthorizationStatus,
): boolean {
  if (!isDebit(status)) return false;
  return (
    card.type === 'SINGLE_USE' ||
    card.type === 'MERCHANT_LOCKED' ||
    (card.spendLimit > 0 && card.spendLimitDuration !== 'TRANSACTION') ||
    hasAccountLimits(account)
  );
}

/**
 * Whether deciding a charge reads the account's spend counters: an account limit, or an
 * account-scoped velocity rule among `rules` (promoted, or drafts run in shadow). An account keeps
 * its counters only once something reads them.
 */
export function readsAccountSpend(account: AccountSnapshot, rules: RuleVersion[]): boolean {
  return hasAccountLimits(account) || hasAccountVelocity(rules);
}

/** Where each usage sum must start; null where no limit needs it, so no query is spent on it. */
export interface UsageWindows {
  card: Date | null;
  accountDaily: Date | null;
  accountMonthly: Date | null;
  accountLifetime: Date | null;
}

export function usageWindows(
  card: Pick<CardSnapshot, 'spendLimit' | 'spendLimitDuration'>,
  account: AccountSnapshot,
  now: Date,
): UsageWindows {
  const starts = accountWindowStarts(now);
  return {
    card: card.spendLimit > 0 ? cardWindowStart(card.spendLimitDuration, now) : null,
    accountDaily: account.dailySpendLimit ? starts.daily : null,
    accountMonthly: account.monthlySpendLimit ? starts.monthly : null,
    accountLifetime: account.lifetimeSpendLimit ? starts.lifetime : null,
  };
}

export const NO_USAGE: Usage = { card: 0, accountDaily: 0, accountMonthly: 0, accountLifetime: 0 };

/** Whether any window needs a sum; a charge with none is decided with NO_USAGE and no query. */
export function needsUsage(w: UsageWindows): boolean {
  return Boolean(w.card || w.accountDaily || w.accountMonthly || w.accountLifetime);
}

/** Whether two sets of windows start at the same instants (a usage read for one serves the other). */
export function sameWindows(a: UsageWindows, b: UsageWindows): boolean {
  const same = (x: Date | null, y: Date | null) =>
    x === null ? y === null : y !== null && x.getTime() === y.getTime();
  return (
    same(a.card, b.card) &&
    same(a.accountDaily, b.accountDaily) &&
    same(a.accountMonthly, b.accountMonthly) &&
    same(a.accountLifetime, b.accountLifetime)
  );
}
