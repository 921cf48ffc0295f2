import { describe, expect, it } from '@jest/globals';
// The dashboard's own module, plain JavaScript as the browser gets it.
import { EXAMPLE_CARD_TOKEN as SERVER_EXAMPLE_CARD } from '../../../issuer/src/webhooks/webhook-examples.js';
import {
  describeEvent,
  EXAMPLE_CARD_TOKEN,
  formatCents,
  isExample,
  parseCents,
  velocityWindow,
} from './format.js';

describe('dashboard money', () => {
  it.each([
    ['12.34', 1234],
    ['0.1', 10],
    ['0.29', 29],
    ['$1,200', 120000],
    ['19.99', 1999],
    ['1200.5', 120050],
    [' 7 ', 700],
    ['7.', 700],
  ])('parseCents(%j) is %i', (text, cents) => {
    expect(parseCents(text)).toBe(cents);
  });

  it.each(['', 'abc', '1.234', '-5', '1,20', '12,34.5', '1e3'])('parseCents(%j) is null', (text) => {
    expect(parseCents(text)).toBeNull();
  });

  it.each([
    [1234, '$12.34'],
    [5, '$0.05'],
    [123456789, '$1,234,567.89'],
    [-500, '−$5.00'],
  ])('formatCents(%i) is %j', (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });

  it('counts a per-transaction limit in the lifetime window', () => {
    expect(velocityWindow('TRANSACTION')).toBe('forever');
    expect(velocityWindow('MONTHLY')).toBe('monthly');
  });
});

describe('dashboard event summaries', () => {
  it('names the card of a card event and what changed', () => {
    expect(
      describeEvent({
        event_type: 'card.created',
        payload: { last_four: '4242', type: 'SINGLE_USE', memo: 'Team lunch' },
      }),
    ).toEqual({ status: null, text: '•••• 4242 · Single-use · Team lunch' });
    expect(
      describeEvent({
        event_type: 'card.updated',
        payload: {
          last_four: '4242',
          state: 'PAUSED',
          spend_limit: 2550,
          previous_fields: { state: 'OPEN', spend_limit: 0 },
        },
      }),
    ).toEqual({ status: null, text: '•••• 4242 · state Open → Paused · limit no limit → $25.50' });
  });

  it('gives a transaction event its status apart, for a badge', () => {
    expect(
      describeEvent({
        event_type: 'card_transaction.updated',
        payload: { status: 'SETTLED', amount: -500, merchant: { descriptor: 'BOOK STORE' } },
      }),
    ).toEqual({ status: 'SETTLED', text: '−$5.00 at BOOK STORE' });
    expect(describeEvent({ event_type: 'balance.updated', payload: {} })).toEqual({ status: null, text: '' });
  });
});

describe('dashboard examples', () => {
  it('knows the example card the sandbox sends examples about', () => {
    expect(EXAMPLE_CARD_TOKEN).toBe(SERVER_EXAMPLE_CARD);
  });

  it.each([
    [{ card_token: EXAMPLE_CARD_TOKEN, token: EXAMPLE_CARD_TOKEN }, true],
    [{ card_token: '7ac3b5e2-1d0e-4b7e-9a57-1b2a4f5e6d7c' }, false],
    [{}, false],
  ])('isExample(%j) is %s', (payload, expected) => {
    expect(isExample({ event_type: 'card.created', payload })).toBe(expected);
  });
});
