import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors.js';
import { balanceEffect, balanceOf, type Balance, type RecordedEvent } from './balance.js';
import type { TransactionState } from './lifecycle.js';

let clock = 0;
/** An approved event of transaction `t`, each one a millisecond after the last. */
function ev(t: string, type: string, amount: number, polarity: 'DEBIT' | 'CREDIT' = 'DEBIT'): RecordedEvent {
  clock += 1;
  return {
    token: `${t}-${clock}`,
    transactionToken: t,
    type,
    amount,
    result: 'APPROVED',
    polarity,
    created: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, clock)),
  };
}
const declined = (e: RecordedEvent): RecordedEvent => ({ ...e, result: 'CARD_PAUSED' });
const amounts = (b: Balance | null) => b && { available: b.available, pending: b.pending, total: b.total };

describe('balanceOf', () => {
  it.each<[string, RecordedEvent[], { available: number; pending: number; total: number }]>([
    ['nothing yet', [], { available: 0, pending: 0, total: 0 }],
    ['an authorization holds', [ev('a', 'AUTHORIZATION', 500)], { available: -500, pending: 500, total: 0 }],
    [
      'a clearing settles the hold',
      [ev('a', 'AUTHORIZATION', 500), ev('a', 'CLEARING', 500)],
      { available: -500, pending: 0, total: -500 },
    ],
    [
      'a partial clearing settles part and releases the rest',
      [ev('a', 'AUTHORIZATION', 500), ev('a', 'CLEARING', 300)],
      { available: -300, pending: 0, total: -300 },
    ],
    [
      'a clearing above the hold settles the cleared amount',
      [ev('a', 'AUTHORIZATION', 500), ev('a', 'CLEARING', 800)],
      { available: -800, pending: 0, total: -800 },
    ],
    [
      'a full reversal releases the hold',
      [ev('a', 'AUTHORIZATION', 500), ev('a', 'AUTHORIZATION_REVERSAL', 500)],
      { available: 0, pending: 0, total: 0 },
    ],
    [
      'a partial reversal releases part of the hold',
      [ev('a', 'AUTHORIZATION', 500), ev('a', 'AUTHORIZATION_REVERSAL', 200)],
      { available: -300, pending: 300, total: 0 },
    ],
    [
      'an expiry releases what is left of the hold',
      [
        ev('a', 'AUTHORIZATION', 500),
        ev('a', 'AUTHORIZATION_REVERSAL', 200),
        ev('a', 'AUTHORIZATION_EXPIRY', 300),
      ],
      { available: 0, pending: 0, total: 0 },
    ],
    [
      'an advice replaces the hold',
      [ev('a', 'AUTHORIZATION', 500), ev('a', 'AUTHORIZATION_ADVICE', 700)],
      { available: -700, pending: 700, total: 0 },
    ],
    [
      'a declined authorization moves nothing',
      [declined(ev('a', 'AUTHORIZATION', 500))],
      { available: 0, pending: 0, total: 0 },
    ],
    [
      'a balance inquiry moves nothing',
      [ev('a', 'BALANCE_INQUIRY', 0)],
      { available: 0, pending: 0, total: 0 },
    ],
    [
      'a financial authorization settles at once',
      [ev('a', 'FINANCIAL_AUTHORIZATION', 500)],
      { available: -500, pending: 0, total: -500 },
    ],
    [
      'a return credits at once',
      [ev('r', 'RETURN', 200, 'CREDIT')],
      { available: 200, pending: 0, total: 200 },
    ],
    [
      'a return reversal takes the credit back',
      [ev('r', 'RETURN', 200, 'CREDIT'), ev('r', 'RETURN_REVERSAL', 200, 'CREDIT')],
      { available: 0, pending: 0, total: 0 },
    ],
    [
      'a pending credit counts nowhere until it settles',
      [ev('c', 'CREDIT_AUTHORIZATION', 400, 'CREDIT')],
      { available: 0, pending: 0, total: 0 },
    ],
    [
      'a credit authorization advice counts once cleared',
      [ev('c', 'CREDIT_AUTHORIZATION_ADVICE', 400, 'CREDIT'), ev('c', 'CLEARING', 400, 'CREDIT')],
      { available: 400, pending: 0, total: 400 },
    ],
    [
      'a financial credit authorization credits at once',
      [ev('c', 'FINANCIAL_CREDIT_AUTHORIZATION', 400, 'CREDIT')],
      { available: 400, pending: 0, total: 400 },
    ],
    [
      'interleaved transactions add up: hold, partial clearing, void, return',
      [
        ev('a', 'AUTHORIZATION', 1000),
        ev('b', 'AUTHORIZATION', 2500),
        ev('a', 'CLEARING', 600),
        ev('c', 'AUTHORIZATION', 700),
        ev('b', 'AUTHORIZATION_REVERSAL', 2500),
        ev('r', 'RETURN', 250, 'CREDIT'),
      ],
      { available: -1050, pending: 700, total: -350 },
    ],
  ])('%s', (_name, events, expected) => {
    expect(amounts(balanceOf(events))).toEqual(expected);
  });

  it('names the last event that moved the balance, not a later one that did not', () => {
    const hold = ev('a', 'AUTHORIZATION', 500);
    const inquiry = ev('b', 'BALANCE_INQUIRY', 0);
    const refused = declined(ev('c', 'AUTHORIZATION', 900));
    expect(balanceOf([hold, inquiry, refused])!.last).toEqual({
      transactionToken: 'a',
      eventToken: hold.token,
      created: hold.created,
    });
    expect(balanceOf([inquiry])!.last).toBeNull();
  });

  it('stops after the event `through`, and is null when the event is not there', () => {
    const events = [
      ev('a', 'AUTHORIZATION', 500),
      ev('a', 'CLEARING', 500),
      ev('r', 'RETURN', 100, 'CREDIT'),
    ];
    expect(amounts(balanceOf(events, events[0].token))).toEqual({ available: -500, pending: 500, total: 0 });
    expect(amounts(balanceOf(events, events[1].token))).toEqual({ available: -500, pending: 0, total: -500 });
    expect(balanceOf(events, events[1].token)!.last!.eventToken).toBe(events[1].token);
    expect(balanceOf(events, 'no-such-event')).toBeNull();
  });

  it.each<[string, RecordedEvent[]]>([
    ['opens with a clearing', [ev('a', 'CLEARING', 500)]],
    ['clears twice', [ev('a', 'AUTHORIZATION', 500), ev('a', 'CLEARING', 500), ev('a', 'CLEARING', 500)]],
    ['has an unknown event', [ev('a', 'AUTHORIZATION', 500), ev('a', 'CHARGEBACK', 500)]],
  ])('refuses a history that %s', (_name, events) => {
    expect(() => balanceOf(events)).toThrow(DomainError);
  });
});

describe('balanceEffect', () => {
  it.each<[TransactionState, { pending: number; total: number }]>([
    [
      { status: 'PENDING', polarity: 'DEBIT', pendingAmount: 500, settledAmount: 0 },
      { pending: 500, total: 0 },
    ],
    [
      { status: 'SETTLED', polarity: 'DEBIT', pendingAmount: 0, settledAmount: 500 },
      { pending: 0, total: -500 },
    ],
    [
      { status: 'PENDING', polarity: 'CREDIT', pendingAmount: 500, settledAmount: 0 },
      { pending: 0, total: 0 },
    ],
    [
      { status: 'SETTLED', polarity: 'CREDIT', pendingAmount: 0, settledAmount: 500 },
      { pending: 0, total: 500 },
    ],
  ])('%j contributes %j', (state, expected) => {
    expect(balanceEffect(state)).toEqual(expected);
  });
});
