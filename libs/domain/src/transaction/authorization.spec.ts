import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors.js';
import type { CardLifecycle, TransactionMessage } from '../card/lifecycle.js';
import type { AuthorizationStatus, Decision } from '../authorization/decide.js';
import {
  authorizationPosting,
  cardEffect,
  creditPosting,
  reservationDeadline,
  reservationState,
  validateCharge,
  type MerchantCredit,
  type Posting,
} from './authorization.js';

const approved: Decision = { approved: true, closeCard: false, lockMerchant: null };
const declined: Decision = {
  approved: false,
  rule: 'CARD_STATE',
  result: 'CARD_PAUSED',
  detailedResult: 'CARD_PAUSED',
  explanation: 'paused',
};

describe('authorizationPosting', () => {
  it.each<[AuthorizationStatus, Decision, Posting]>([
    [
      'AUTHORIZATION',
      approved,
      { status: 'PENDING', result: 'APPROVED', polarity: 'DEBIT', pendingAmount: 500, settledAmount: 0 },
    ],
    [
      'FINANCIAL_AUTHORIZATION',
      approved,
      { status: 'SETTLED', result: 'APPROVED', polarity: 'DEBIT', pendingAmount: 0, settledAmount: 500 },
    ],
    [
      'CREDIT_AUTHORIZATION',
      approved,
      { status: 'PENDING', result: 'APPROVED', polarity: 'CREDIT', pendingAmount: 500, settledAmount: 0 },
    ],
    [
      'FINANCIAL_CREDIT_AUTHORIZATION',
      approved,
      { status: 'SETTLED', result: 'APPROVED', polarity: 'CREDIT', pendingAmount: 0, settledAmount: 500 },
    ],
    [
      'BALANCE_INQUIRY',
      approved,
      { status: 'SETTLED', result: 'APPROVED', polarity: 'DEBIT', pendingAmount: 0, settledAmount: 500 },
    ],
    [
      'AUTHORIZATION',
      declined,
      { status: 'DECLINED', result: 'CARD_PAUSED', polarity: 'DEBIT', pendingAmount: 0, settledAmount: 0 },
    ],
    [
      'FINANCIAL_CREDIT_AUTHORIZATION',
      declined,
      { status: 'DECLINED', result: 'CARD_PAUSED', polarity: 'CREDIT', pendingAmount: 0, settledAmount: 0 },
    ],
  ])('an %s of $5 %j posts as expected', (status, decision, expected) => {
    expect(authorizationPosting(status, 500, decision)).toEqual(expected);
  });
});

describe('creditPosting', () => {
  it.each<[MerchantCredit, Posting]>([
    [
      'RETURN',
      { status: 'SETTLED', result: 'APPROVED', polarity: 'CREDIT', pendingAmount: 0, settledAmount: 700 },
    ],
    [
      'CREDIT_AUTHORIZATION_ADVICE',
      { status: 'PENDING', result: 'APPROVED', polarity: 'CREDIT', pendingAmount: 700, settledAmount: 0 },
    ],
  ])('a %s posts a credit', (kind, expected) => {
    expect(creditPosting(kind, 700)).toEqual(expected);
  });
});

describe('validateCharge', () => {
  it.each<[AuthorizationStatus, number, boolean]>([
    ['BALANCE_INQUIRY', 0, true],
    ['BALANCE_INQUIRY', 1, false],
    ['AUTHORIZATION', 1, true],
    ['AUTHORIZATION', 0, true],
  ])('a %s of %i cents is accepted: %s', (status, amount, ok) => {
    const check = () => validateCharge({ status, amount });
    if (ok) expect(check).not.toThrow();
    else expect(check).toThrow(DomainError);
  });
});

describe('cardEffect', () => {
  const card = (over: Partial<CardLifecycle>): CardLifecycle => ({
    type: 'VIRTUAL',
    state: 'OPEN',
    consumed: false,
    closedBy: null,
    lockedMerchant: '',
    reissues: 0,
    ...over,
  });
  it.each<[string, CardLifecycle, Decision | TransactionMessage, CardLifecycle | null]>([
    ['a plain approval leaves the card', card({}), approved, null],
    [
      'a single-use approval closes the card, by this charge',
      card({ type: 'SINGLE_USE' }),
      { approved: true, closeCard: true, lockMerchant: null },
      card({ type: 'SINGLE_USE', state: 'CLOSED', consumed: true, closedBy: 'txn' }),
    ],
    [
      'a first merchant-locked approval locks the merchant',
      card({ type: 'MERCHANT_LOCKED' }),
      { approved: true, closeCard: false, lockMerchant: 'SHOP' },
      card({ type: 'MERCHANT_LOCKED', lockedMerchant: 'SHOP' }),
    ],
    ['a decline leaves the card', card({ type: 'SINGLE_USE' }), declined, null],
    [
      'a return leaves the card',
      card({ type: 'SINGLE_USE', state: 'CLOSED', consumed: true }),
      'RETURN',
      null,
    ],
  ])('%s', (_name, before, cause, expected) => {
    expect(cardEffect(before, 'txn', cause)).toEqual(expected);
  });
});

describe('reservations', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  it('last the responder timeout plus a margin', () => {
    expect(reservationDeadline(now, 3000).toISOString()).toBe('2026-01-01T00:00:08.000Z');
  });
  it.each<[string, Date | null, string]>([
    ['no deadline is decided', null, 'DECIDED'],
    ['a future deadline is still waiting', new Date('2026-01-01T00:00:01Z'), 'WAITING'],
    ['a passed deadline is overdue', new Date('2025-12-31T23:59:59Z'), 'OVERDUE'],
    ['a deadline of now is overdue', now, 'OVERDUE'],
  ])('%s', (_name, deadline, expected) => {
    expect(reservationState(deadline, now)).toBe(expected);
  });
});
