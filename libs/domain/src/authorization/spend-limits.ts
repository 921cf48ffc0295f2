import type { AccountWindowStarts } from './windows.js';
import { available, CARD_LIMIT_WINDOWS, cardLimitIn, type CardLimitWindow } from './windows.js';
import type { SpendLimitDuration } from '../card/card.js';

export type AccountLimitWindow = keyof AccountWindowStarts;

/** Per window: the limit, and what is left of it after `used` (absent where nothing binds). */
export interface SpendLimits<W extends string> {
  limit: Partial<Record<W, number>>;
  available: Partial<Record<W, number>>;
}

/** A card reports only the window its duration binds, and none while its limit is 0 (no limit). */
export function cardSpendLimits(
  card: { spendLimit: number; spendLimitDuration: SpendLimitDuration },
  used: Record<CardLimitWindow, number>,
): SpendLimits<CardLimitWindow> {
  const limits: SpendLimits<CardLimitWindow> = { limit: {}, available: {} };
  for (const window of Object.keys(CARD_LIMIT_WINDOWS) as CardLimitWindow[]) {
    const limit = cardLimitIn(card, window);
    if (limit === null) continue;
    limits.limit[window] = limit;
    limits.available[window] = available(limit, used[window]);
  }
  return limits;
}

/** An account reports every window; an unset limit reads 0 and leaves no available figure. */
export function accountSpendLimits(
  account: Record<AccountLimitWindow, number | null>,
  used: Record<AccountLimitWindow, number>,
): SpendLimits<AccountLimitWindow> {
  const limits: SpendLimits<AccountLimitWindow> = { limit: {}, available: {} };
  for (const window of ['daily', 'monthly', 'lifetime'] as const) {
    limits.limit[window] = account[window] ?? 0;
    const left = available(account[window], used[window]);
    if (left !== undefined) limits.available[window] = left;
  }
  return limits;
}
