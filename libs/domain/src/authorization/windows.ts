import type { SpendLimitDuration } from '../card/card.js';
import { assertUnreachable } from '../errors.js';

const DAY_MS = 24 * 60 * 60 * 1000;

// Spend windows trail `now` (they are not calendar months): a debit counts when created >= start.
export function cardWindowStart(duration: SpendLimitDuration, now: Date): Date | null {
  switch (duration) {
    case 'TRANSACTION':
      return null; // each authorization is judged alone
    case 'MONTHLY':
      return sameDateMonthsEarlier(now, 1);
    case 'ANNUALLY':
      return sameDateMonthsEarlier(now, 12);
    case 'FOREVER':
      return new Date(0);
    default:
      return assertUnreachable(duration);
  }
}

export interface AccountWindowStarts {
  daily: Date;
  monthly: Date;
  lifetime: Date;
}

export function accountWindowStarts(now: Date): AccountWindowStarts {
  return {
    daily: new Date(now.getTime() - DAY_MS),
    monthly: sameDateMonthsEarlier(now, 1),
    lifetime: new Date(0),
  };
}

// A null start is a TRANSACTION window, in which no earlier debit counts.
export function isInWindow(created: Date, start: Date | null): boolean {
  return start !== null && created.getTime() >= start.getTime();
}

// Same day of month and time of day, UTC; a day the earlier month lacks clamps to its last day
// (Mar 31 -> Feb 28 or 29, Feb 29 -> Feb 28 a year earlier).
function sameDateMonthsEarlier(now: Date, months: number): Date {
  const firstOfTarget = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
  const year = firstOfTarget.getUTCFullYear();
  const month = firstOfTarget.getUTCMonth();
  const day = Math.min(now.getUTCDate(), daysInMonth(year, month));
  const start = new Date(now);
  start.setUTCFullYear(year, month, day);
  return start;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

/** What a limit leaves to spend; an unset limit (0 or null) leaves no figure at all. */
export function available(limit: number | null, used: number): number | undefined {
  return limit ? Math.max(0, limit - used) : undefined;
}

/** The windows a card's spend limits are reported in (Lithic's CardSpendLimits), by duration. */
export const CARD_LIMIT_WINDOWS = { monthly: 'MONTHLY', annually: 'ANNUALLY', forever: 'FOREVER' } as const;
export type CardLimitWindow = keyof typeof CARD_LIMIT_WINDOWS;

/** A card's limit binds only the window its duration names, and only when set (0 is no limit). */
export function cardLimitIn(
  card: { spendLimit: number; spendLimitDuration: SpendLimitDuration },
  window: CardLimitWindow,
): number | null {
  return card.spendLimitDuration === CARD_LIMIT_WINDOWS[window] && card.spendLimit > 0
    ? card.spendLimit
    : null;
}
