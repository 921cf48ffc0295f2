import { describe, expect, it } from '@jest/globals';
import type { SpendLimitDuration } from '../card/card.js';
import {
  accountWindowStarts,
  cardLimitIn,
  cardWindowStart,
  isInWindow,
  type CardLimitWindow,
} from './windows.js';

const at = (iso: string) => new Date(iso);
const ms = (date: Date, delta: number) => new Date(date.getTime() + delta);

describe('cardWindowStart', () => {
  it.each<[SpendLimitDuration, string, string | null]>([
    ['TRANSACTION', '2026-03-15T12:34:56.789Z', null],
    ['MONTHLY', '2026-03-15T12:34:56.789Z', '2026-02-15T12:34:56.789Z'],
    ['MONTHLY', '2026-01-15T00:00:00.000Z', '2025-12-15T00:00:00.000Z'],
    ['MONTHLY', '2026-03-31T23:59:59.999Z', '2026-02-28T23:59:59.999Z'],
    ['MONTHLY', '2028-03-31T08:00:00.000Z', '2028-02-29T08:00:00.000Z'],
    ['MONTHLY', '2026-03-29T08:00:00.000Z', '2026-02-28T08:00:00.000Z'],
    ['MONTHLY', '2026-05-31T08:00:00.000Z', '2026-04-30T08:00:00.000Z'],
    ['MONTHLY', '2026-03-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
    ['MONTHLY', '2028-02-29T10:00:00.000Z', '2028-01-29T10:00:00.000Z'],
    ['ANNUALLY', '2026-03-15T12:34:56.789Z', '2025-03-15T12:34:56.789Z'],
    ['ANNUALLY', '2028-02-29T10:00:00.000Z', '2027-02-28T10:00:00.000Z'],
    ['ANNUALLY', '2029-02-28T10:00:00.000Z', '2028-02-28T10:00:00.000Z'],
    ['ANNUALLY', '2028-03-01T00:00:00.000Z', '2027-03-01T00:00:00.000Z'],
    ['ANNUALLY', '2026-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z'],
    ['FOREVER', '2026-03-15T12:34:56.789Z', '1970-01-01T00:00:00.000Z'],
  ])('a %s window at %s starts at %s', (duration, now, start) => {
    expect(cardWindowStart(duration, at(now))?.toISOString() ?? null).toBe(start);
  });

  it('does not change the date it is given', () => {
    const now = at('2026-03-31T08:00:00.000Z');
    cardWindowStart('MONTHLY', now);
    expect(now.toISOString()).toBe('2026-03-31T08:00:00.000Z');
  });
});

describe('accountWindowStarts', () => {
  it.each([
    ['2026-03-15T12:34:56.789Z', '2026-03-14T12:34:56.789Z', '2026-02-15T12:34:56.789Z'],
    ['2026-03-01T00:30:00.000Z', '2026-02-28T00:30:00.000Z', '2026-02-01T00:30:00.000Z'],
    ['2028-03-31T08:00:00.000Z', '2028-03-30T08:00:00.000Z', '2028-02-29T08:00:00.000Z'],
    ['2026-01-01T00:00:00.000Z', '2025-12-31T00:00:00.000Z', '2025-12-01T00:00:00.000Z'],
  ])('at %s the daily window starts at %s and the monthly at %s', (now, daily, monthly) => {
    expect(accountWindowStarts(at(now))).toEqual({
      daily: at(daily),
      monthly: at(monthly),
      lifetime: new Date(0),
    });
  });
});

describe('isInWindow', () => {
  const now = at('2026-03-31T08:00:00.000Z');
  const windows: [string, Date | null][] = [
    ['the card MONTHLY window', cardWindowStart('MONTHLY', now)],
    ['the card ANNUALLY window', cardWindowStart('ANNUALLY', now)],
    ['the card FOREVER window', cardWindowStart('FOREVER', now)],
    ['the account daily window', accountWindowStarts(now).daily],
    ['the account monthly window', accountWindowStarts(now).monthly],
    ['the account lifetime window', accountWindowStarts(now).lifetime],
  ];

  it.each(windows)('a debit created exactly at the start of %s counts', (_, start) => {
    expect(isInWindow(start!, start)).toBe(true);
  });

  it.each(windows.filter(([, start]) => start!.getTime() > 0))(
    'a debit created a millisecond before the start of %s does not count',
    (_, start) => {
      expect(isInWindow(ms(start!, -1), start)).toBe(false);
    },
  );

  it.each(windows)('a debit created at now counts in %s', (_, start) => {
    expect(isInWindow(now, start)).toBe(true);
  });

  it('no earlier debit counts in a TRANSACTION window', () => {
    expect(isInWindow(now, cardWindowStart('TRANSACTION', now))).toBe(false);
  });
});

describe('cardLimitIn', () => {
  it.each<[SpendLimitDuration, number, CardLimitWindow, number | null]>([
    ['MONTHLY', 500, 'monthly', 500],
    ['MONTHLY', 500, 'annually', null],
    ['ANNUALLY', 500, 'annually', 500],
    ['FOREVER', 500, 'forever', 500],
    ['FOREVER', 0, 'forever', null],
    ['TRANSACTION', 500, 'monthly', null],
    ['TRANSACTION', 500, 'forever', null],
  ])('a %s limit of %i binds the %s window with %p', (spendLimitDuration, spendLimit, window, expected) => {
    expect(cardLimitIn({ spendLimit, spendLimitDuration }, window)).toBe(expected);
  });
});
