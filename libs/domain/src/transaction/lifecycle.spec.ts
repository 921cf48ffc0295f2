import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors.js';
import {
  adviseAmount,
  clear,
  reverseReturn,
  voidHold,
  type TransactionState,
  type TransactionStatus,
} from './lifecycle.js';

const pending = (amount: number): TransactionState => ({
  status: 'PENDING',
  polarity: 'DEBIT',
  pendingAmount: amount,
  settledAmount: 0,
});
const inStatus = (status: TransactionStatus): TransactionState => ({
  ...pending(1000),
  status,
  pendingAmount: 0,
});

describe('clearing', () => {
  it('settles the whole hold by default', () => {
    expect(clear(pending(1000))).toEqual({
      status: 'SETTLED',
      pendingAmount: 0,
      settledAmount: 1000,
      event: { type: 'CLEARING', amount: 1000 },
    });
  });

  it.each([[600], [1500]])('settles the given amount %i, less or more than the hold', (amount) => {
    expect(clear(pending(1000), amount)).toMatchObject({
      status: 'SETTLED',
      pendingAmount: 0,
      settledAmount: amount,
    });
  });

  it.each<TransactionStatus>(['DECLINED', 'VOIDED', 'EXPIRED', 'SETTLED'])(
    'refuses a %s transaction',
    (status) => {
      expect(() => clear(inStatus(status))).toThrow(DomainError);
      expect(() => clear(inStatus(status))).toThrow(new RegExp(`${status} transaction cannot be cleared`));
    },
  );
});

describe('voids', () => {
  it('a full reversal voids the transaction and releases the hold', () => {
    expect(voidHold(pending(1000), 'AUTHORIZATION_REVERSAL')).toMatchObject({
      status: 'VOIDED',
      pendingAmount: 0,
    });
  });

  it('a partial reversal leaves the rest pending', () => {
    expect(voidHold(pending(1000), 'AUTHORIZATION_REVERSAL', 300)).toEqual({
      status: 'PENDING',
      pendingAmount: 700,
      settledAmount: 0,
      event: { type: 'AUTHORIZATION_REVERSAL', amount: 300 },
    });
  });

  it('an expiry releases the whole hold whatever amount is given', () => {
    expect(voidHold(pending(1000), 'AUTHORIZATION_EXPIRY', 5)).toMatchObject({
      status: 'EXPIRED',
      pendingAmount: 0,
      event: { type: 'AUTHORIZATION_EXPIRY', amount: 1000 },
    });
  });

  it('refuses to release more than is pending', () => {
    expect(() => voidHold(pending(1000), 'AUTHORIZATION_REVERSAL', 1001)).toThrow(
      /only 1000 cents are pending/,
    );
  });

  it.each<TransactionStatus>(['DECLINED', 'VOIDED', 'EXPIRED', 'SETTLED'])(
    'refuses a %s transaction',
    (status) => {
      expect(() => voidHold(inStatus(status), 'AUTHORIZATION_REVERSAL')).toThrow(/cannot be voided/);
    },
  );
});

describe('advices and return reversals', () => {
  it('an advice replaces the pending amount', () => {
    expect(adviseAmount(pending(1000), 1200)).toMatchObject({ status: 'PENDING', pendingAmount: 1200 });
  });

  it('a return reversal zeroes a settled return', () => {
    const ret: TransactionState = {
      status: 'SETTLED',
      polarity: 'CREDIT',
      pendingAmount: 0,
      settledAmount: 500,
    };
    expect(reverseReturn(ret)).toMatchObject({
      settledAmount: 0,
      event: { type: 'RETURN_REVERSAL', amount: 500 },
    });
    expect(() => reverseReturn({ ...ret, settledAmount: 0 })).toThrow(DomainError);
  });

  it('refuses to reverse a debit', () => {
    expect(() => reverseReturn({ ...pending(0), status: 'SETTLED', settledAmount: 500 })).toThrow(
      /only a settled, unreversed credit/,
    );
  });
});
