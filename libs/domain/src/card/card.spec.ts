import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors.js';
import {
  type CardState,
  type SettableCardState,
  requestedExpiry,
  assertStateChange,
  defaultExpiry,
  expiresAt,
  isExpired,
  merchantKey,
  validateExpiry,
} from './card.js';

const NOW = new Date('2026-03-15T12:00:00.000Z');

describe('assertStateChange', () => {
  it.each<[CardState, SettableCardState]>([
    ['OPEN', 'OPEN'],
    ['OPEN', 'PAUSED'],
    ['OPEN', 'CLOSED'],
    ['PAUSED', 'OPEN'],
    ['PAUSED', 'PAUSED'],
    ['PAUSED', 'CLOSED'],
    ['CLOSED', 'CLOSED'],
    ['PENDING_FULFILLMENT', 'OPEN'],
    ['PENDING_ACTIVATION', 'OPEN'],
    ['PENDING_ACTIVATION', 'CLOSED'],
  ])('allows %s -> %s', (from, to) => {
    expect(() => assertStateChange(from, to)).not.toThrow();
  });

  it.each<[CardState, SettableCardState]>([
    ['CLOSED', 'OPEN'],
    ['CLOSED', 'PAUSED'],
  ])('refuses %s -> %s with STATE_CONFLICT, because closing is final', (from, to) => {
    expect(() => assertStateChange(from, to)).toThrow(
      expect.objectContaining({ code: 'STATE_CONFLICT', message: expect.stringMatching(/final/) }),
    );
  });
});

describe('defaultExpiry', () => {
  it.each([
    ['2026-03-15T12:00:00.000Z', '03', '2031'],
    ['2026-01-01T00:00:00.000Z', '01', '2031'],
    ['2026-12-31T23:59:59.999Z', '12', '2031'],
    ['2028-02-29T12:00:00.000Z', '02', '2033'],
  ])('at %s is %s/%s', (now, expMonth, expYear) => {
    expect(defaultExpiry(new Date(now))).toEqual({ expMonth, expYear });
  });
});

describe('expiresAt', () => {
  it.each([
    ['03', '2026', '2026-03-31T23:59:59.999Z'],
    ['04', '2026', '2026-04-30T23:59:59.999Z'],
    ['12', '2026', '2026-12-31T23:59:59.999Z'],
    ['02', '2027', '2027-02-28T23:59:59.999Z'],
    ['02', '2028', '2028-02-29T23:59:59.999Z'],
  ])('a card expiring %s/%s is valid through %s', (expMonth, expYear, last) => {
    expect(expiresAt(expMonth, expYear).toISOString()).toBe(last);
  });
});

describe('isExpired', () => {
  it.each([
    ['2026-03-31T23:59:59.999Z', false],
    ['2026-04-01T00:00:00.000Z', true],
    ['2026-03-01T00:00:00.000Z', false],
    ['2025-12-31T23:59:59.999Z', false],
    ['2027-01-01T00:00:00.000Z', true],
  ])('a card expiring 03/2026 at %s is expired: %s', (now, expired) => {
    expect(isExpired({ expMonth: '03', expYear: '2026' }, new Date(now))).toBe(expired);
  });
});

describe('validateExpiry', () => {
  it.each([
    ['03', '2026', 'this month'],
    ['12', '2026', 'later this year'],
    ['03', '2031', 'exactly five years ahead'],
    ['01', '2031', 'within five years'],
  ])('accepts %s/%s (%s)', (expMonth, expYear) => {
    expect(() => validateExpiry(expMonth, expYear, NOW)).not.toThrow();
  });

  it.each([
    ['3', '2027', /two-digit month/],
    ['00', '2027', /two-digit month/],
    ['13', '2027', /two-digit month/],
    ['ab', '2027', /two-digit month/],
    ['03', '27', /four-digit year/],
    ['03', '20x7', /four-digit year/],
    ['02', '2026', /past/],
    ['12', '2025', /past/],
    ['04', '2031', /five years/],
    ['01', '2032', /five years/],
  ])('refuses %s/%s with a VALIDATION error', (expMonth, expYear, message) => {
    let error: unknown;
    try {
      validateExpiry(expMonth, expYear, NOW);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(message) });
  });
});

describe('merchantKey', () => {
  it.each<[string, string | null | undefined, string]>([
    ['ACME COFFEE', undefined, 'ACME COFFEE'],
    ['  acme coffee  ', undefined, 'ACME COFFEE'],
    ['Acme   Coffee\t#12', undefined, 'ACME COFFEE #12'],
    ['acme\n coffee', null, 'ACME COFFEE'],
    ['Acme Coffee', '', 'ACME COFFEE'],
    ['Acme Coffee', '   ', 'ACME COFFEE'],
    ['Acme Coffee', 'MID-1', 'MID-1'],
    ['Acme Coffee', '  MID-1 ', 'MID-1'],
    ['Other Shop', 'MID-1', 'MID-1'],
  ])('merchantKey(%j, %j) is %j', (descriptor, acceptorId, key) => {
    expect(merchantKey(descriptor, acceptorId)).toBe(key);
  });
});

describe('a new card', () => {
  const now = new Date('2026-03-15T00:00:00Z');
  it.each<[string, string | undefined, string | undefined, { expMonth: string; expYear: string } | null]>([
    ['gets five years ahead by default', undefined, undefined, { expMonth: '03', expYear: '2031' }],
    ['keeps the expiry asked for', '07', '2028', { expMonth: '07', expYear: '2028' }],
    ['refuses a month without a year', '07', undefined, null],
    ['refuses a year without a month', undefined, '2028', null],
    ['refuses an expiry in the past', '01', '2026', null],
  ])('%s', (_name, month, year, expected) => {
    if (expected) expect(requestedExpiry(month, year, now)).toEqual(expected);
    else expect(() => requestedExpiry(month, year, now)).toThrow(DomainError);
  });
});
