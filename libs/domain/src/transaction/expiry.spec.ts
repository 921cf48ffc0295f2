import { describe, expect, it } from '@jest/globals';
import { expireHold, expiryCutoff, isExpiredAuthorization } from './expiry.js';
import type { TransactionStatus } from './lifecycle.js';

const now = new Date('2026-03-10T12:00:00Z');

describe('expiryCutoff', () => {
  it('is expiryDays before now', () => {
    expect(expiryCutoff(now, 7).toISOString()).toBe('2026-03-03T12:00:00.000Z');
  });
});

describe('isExpiredAuthorization', () => {
  it.each<[string, TransactionStatus, string, boolean]>([
    ['a pending authorization older than 7 days', 'PENDING', '2026-03-03T11:59:59Z', true],
    ['a pending authorization exactly 7 days old', 'PENDING', '2026-03-03T12:00:00Z', false],
    ['a pending authorization made yesterday', 'PENDING', '2026-03-09T12:00:00Z', false],
    ['a settled transaction, however old', 'SETTLED', '2025-01-01T00:00:00Z', false],
    ['a voided transaction, however old', 'VOIDED', '2025-01-01T00:00:00Z', false],
    ['an expired transaction', 'EXPIRED', '2025-01-01T00:00:00Z', false],
  ])('%s expires: %s', (_name, status, created, expected) => {
    expect(isExpiredAuthorization({ status, created: new Date(created) }, now, 7)).toBe(expected);
  });
});

describe('expireHold', () => {
  it('releases the whole pending hold, keeping what settled', () => {
    expect(
      expireHold({ status: 'PENDING', polarity: 'DEBIT', pendingAmount: 700, settledAmount: 0 }),
    ).toEqual({
      status: 'EXPIRED',
      pendingAmount: 0,
      settledAmount: 0,
      event: { type: 'AUTHORIZATION_EXPIRY', amount: 700 },
    });
  });

  it.each<TransactionStatus>(['SETTLED', 'VOIDED', 'EXPIRED', 'DECLINED'])(
    'refuses a %s transaction',
    (status) => {
      expect(() => expireHold({ status, polarity: 'DEBIT', pendingAmount: 0, settledAmount: 500 })).toThrow(
        `transaction_token: the transaction is ${status}; only a PENDING authorization can expire`,
      );
    },
  );
});
