import { describe, expect, it } from '@jest/globals';
import { SETTABLE_CARD_STATES, type CardType, type SettableCardState } from './card.js';
import {
  CLOSED_BY_USER,
  MAX_REISSUES,
  TRANSACTION_MESSAGES,
  newCardLifecycle,
  transition,
  type CardEvent,
  type CardLifecycle,
} from './lifecycle.js';

const CHARGE = 'charge-1';
const OTHER = 'charge-0';

/** Every event a card can see, on every path that may change it. */
const EVENTS: [string, CardEvent][] = [
  ...SETTABLE_CARD_STATES.map((state): [string, CardEvent] => [
    `PATCH state=${state}`,
    { type: 'SET_STATE', state },
  ]),
  [
    'an approval, or a reservation while a responder decides (single-use close)',
    { type: 'CHARGE_APPROVED', transaction: CHARGE, closeCard: true, lockMerchant: null },
  ],
  [
    'an approval, or a reservation while a responder decides (merchant lock)',
    { type: 'CHARGE_APPROVED', transaction: CHARGE, closeCard: false, lockMerchant: 'SHOP' },
  ],
  ['a declined charge', { type: 'CHARGE_DECLINED' }],
  [
    "the responder declining a reservation (the undo of the reservation's change)",
    { type: 'RESERVATION_DECLINED', transaction: CHARGE, otherLiveDebits: false },
  ],
  [
    'the responder declining a reservation another debit depends on',
    { type: 'RESERVATION_DECLINED', transaction: CHARGE, otherLiveDebits: true },
  ],
  ...TRANSACTION_MESSAGES.map((message): [string, CardEvent] => [
    message,
    { type: 'TRANSACTION_MESSAGE', message },
  ]),
];

const card = (state: SettableCardState, change: Partial<CardLifecycle> = {}): CardLifecycle => ({
  ...newCardLifecycle('SINGLE_USE', state),
  ...change,
});

/** Every starting point: each state, and CLOSED by each possible closer, on each kind of card. */
const CARDS: [string, CardLifecycle][] = (['SINGLE_USE', 'MERCHANT_LOCKED', 'VIRTUAL'] as const)
  .flatMap((type): [string, CardLifecycle][] => [
    [`${type} OPEN`, card('OPEN', { type })],
    [`${type} PAUSED`, card('PAUSED', { type })],
    [`${type} CLOSED by the user`, card('CLOSED', { type, closedBy: CLOSED_BY_USER })],
    [`${type} CLOSED before closers were recorded`, card('CLOSED', { type, closedBy: null })],
    [
      `${type} CLOSED by the user after a charge consumed it`,
      card('CLOSED', {
        type,
        consumed: type === 'SINGLE_USE',
        closedBy: CLOSED_BY_USER,
        lockedMerchant: 'SHOP',
      }),
    ],
    [
      `${type} CLOSED by an earlier charge`,
      card('CLOSED', { type, consumed: type === 'SINGLE_USE', closedBy: OTHER }),
    ],
  ])
  .concat([
    ['PHYSICAL PENDING_FULFILLMENT', newCardLifecycle('PHYSICAL', 'OPEN')],
    ['PHYSICAL PENDING_ACTIVATION', { ...newCardLifecycle('PHYSICAL', 'OPEN'), state: 'PENDING_ACTIVATION' }],
  ]);

const TABLE = CARDS.flatMap(([name, start]) =>
  EVENTS.map(([event, e]): [string, string, CardLifecycle, CardEvent] => [name, event, start, e]),
);

describe('transition', () => {
  it.each(TABLE)('%s, on %s: CLOSED never leaves CLOSED', (_, __, start, event) => {
    const decided = transition(start, event);
    if (start.state !== 'CLOSED') {
      expect(decided.allowed).toBe(true);
      return;
    }
    // Either refused, or still CLOSED.
    if (decided.allowed) expect(decided.card.state).toBe('CLOSED');
    else expect(decided.reason).toMatch(/final/);
  });

  it.each(TABLE.filter(([, , start, e]) => start.state === 'CLOSED' && e.type === 'SET_STATE'))(
    '%s, on %s: refuses to reopen or pause, and records the user as the closer',
    (_, __, start, event) => {
      const decided = transition(start, event);
      if (event.type === 'SET_STATE' && event.state === 'CLOSED') {
        expect(decided).toMatchObject({ allowed: true, card: { state: 'CLOSED', closedBy: CLOSED_BY_USER } });
      } else {
        expect(decided).toEqual({ allowed: false, reason: expect.stringMatching(/CLOSED card cannot/) });
      }
    },
  );

  it('closes a single-use card on its approval, naming the charge as the closer', () => {
    expect(
      transition(card('OPEN'), {
        type: 'CHARGE_APPROVED',
        transaction: CHARGE,
        closeCard: true,
        lockMerchant: null,
      }),
    ).toEqual({
      allowed: true,
      changed: true,
      card: { ...card('OPEN'), state: 'CLOSED', consumed: true, closedBy: CHARGE },
    });
  });

  it('gives a single-use card back when the responder declines the charge that closed it', () => {
    const reserved = card('CLOSED', { consumed: true, closedBy: CHARGE });
    expect(
      transition(reserved, { type: 'RESERVATION_DECLINED', transaction: CHARGE, otherLiveDebits: false }),
    ).toEqual({ allowed: true, changed: true, card: card('OPEN') });
  });

  it('keeps a single-use card CLOSED when the user closed it while the responder was deciding', () => {
    const reserved = card('CLOSED', { consumed: true, closedBy: CHARGE });
    const closed = transition(reserved, { type: 'SET_STATE', state: 'CLOSED' });
    expect(closed).toMatchObject({ allowed: true, changed: true, card: { closedBy: CLOSED_BY_USER } });
    const undone = transition((closed as { card: CardLifecycle }).card, {
      type: 'RESERVATION_DECLINED',
      transaction: CHARGE,
      otherLiveDebits: false,
    });
    // The use is given back, so a next charge declines as CARD_CLOSED, not as a reattempt.
    expect(undone).toEqual({
      allowed: true,
      changed: true,
      card: { ...card('CLOSED'), consumed: false, closedBy: CLOSED_BY_USER },
    });
  });

  it('lifts a merchant lock when the responder declines the charge that set it', () => {
    const locked = card('OPEN', { type: 'MERCHANT_LOCKED', lockedMerchant: 'SHOP' });
    expect(
      transition(locked, { type: 'RESERVATION_DECLINED', transaction: CHARGE, otherLiveDebits: false }),
    ).toMatchObject({ allowed: true, changed: true, card: { lockedMerchant: '', state: 'OPEN' } });
  });

  it.each(TRANSACTION_MESSAGES)('leaves the card as it is on %s', (message) => {
    for (const [, start] of CARDS) {
      expect(transition(start, { type: 'TRANSACTION_MESSAGE', message })).toEqual({
        allowed: true,
        changed: false,
        card: start,
      });
    }
  });
});

const physical = (change: Partial<CardLifecycle> = {}): CardLifecycle => ({
  ...newCardLifecycle('PHYSICAL', 'OPEN'),
  ...change,
});
const of = (type: CardType, state: SettableCardState, change: Partial<CardLifecycle> = {}) => ({
  ...newCardLifecycle(type, state),
  ...change,
});

describe('physical cards', () => {
  it.each<[string, SettableCardState]>([
    ['OPEN', 'OPEN'],
    ['PAUSED', 'PAUSED'],
  ])('start PENDING_FULFILLMENT when created %s', (_, requested) => {
    expect(newCardLifecycle('PHYSICAL', requested).state).toBe('PENDING_FULFILLMENT');
  });

  // [card, event, the card after it, or the reason it is refused]
  it.each<[string, CardLifecycle, CardEvent, Partial<CardLifecycle> | RegExp]>([
    ['ships a card pending fulfilment', physical(), { type: 'SHIP' }, { state: 'PENDING_ACTIVATION' }],
    [
      'refuses to ship a card already shipped',
      physical({ state: 'PENDING_ACTIVATION' }),
      { type: 'SHIP' },
      /only a PENDING_FULFILLMENT card/,
    ],
    ['refuses to ship an open virtual card', of('VIRTUAL', 'OPEN'), { type: 'SHIP' }, /PENDING_FULFILLMENT/],
    ['refuses to ship a closed card', physical({ state: 'CLOSED' }), { type: 'SHIP' }, /final/],
    [
      'activates a shipped card',
      physical({ state: 'PENDING_ACTIVATION' }),
      { type: 'SET_STATE', state: 'OPEN' },
      { state: 'OPEN' },
    ],
    [
      'converts an open virtual card, which then waits for fulfilment',
      of('VIRTUAL', 'OPEN'),
      { type: 'CONVERT_PHYSICAL' },
      { type: 'PHYSICAL', state: 'PENDING_FULFILLMENT' },
    ],
    [
      'converts a deprecated DIGITAL_WALLET card',
      of('DIGITAL_WALLET', 'OPEN'),
      { type: 'CONVERT_PHYSICAL' },
      { type: 'PHYSICAL', state: 'PENDING_FULFILLMENT' },
    ],
    ['refuses to convert a paused card', of('VIRTUAL', 'PAUSED'), { type: 'CONVERT_PHYSICAL' }, /OPEN/],
    ['refuses to convert a single-use card', of('SINGLE_USE', 'OPEN'), { type: 'CONVERT_PHYSICAL' }, /type/],
    ['refuses to convert a physical card', physical({ state: 'OPEN' }), { type: 'CONVERT_PHYSICAL' }, /type/],
    ['refuses to convert a closed card', of('VIRTUAL', 'CLOSED'), { type: 'CONVERT_PHYSICAL' }, /final/],
    [
      'reissues a physical card, counting it',
      physical({ state: 'OPEN' }),
      { type: 'REISSUE' },
      { reissues: 1 },
    ],
    ['refuses to reissue a virtual card', of('VIRTUAL', 'OPEN'), { type: 'REISSUE' }, /only PHYSICAL/],
    ['refuses to reissue a closed card', physical({ state: 'CLOSED' }), { type: 'REISSUE' }, /final/],
    ['renews a physical card, counting it', physical({ reissues: 3 }), { type: 'RENEW' }, { reissues: 4 }],
    ['renews a virtual card, counting nothing', of('VIRTUAL', 'PAUSED'), { type: 'RENEW' }, { reissues: 0 }],
    [
      'refuses to renew a single-use card',
      of('SINGLE_USE', 'OPEN'),
      { type: 'RENEW' },
      /PHYSICAL or VIRTUAL/,
    ],
    ['refuses to renew a closed card', of('VIRTUAL', 'CLOSED'), { type: 'RENEW' }, /final/],
    [
      `refuses a reissue after ${MAX_REISSUES} reissues and renewals`,
      physical({ reissues: MAX_REISSUES }),
      { type: 'REISSUE' },
      /at most 8 times/,
    ],
    [
      `refuses a renewal after ${MAX_REISSUES} reissues and renewals`,
      physical({ reissues: MAX_REISSUES }),
      { type: 'RENEW' },
      /at most 8 times/,
    ],
  ])('%s', (_, start, event, expected) => {
    const decided = transition(start, event);
    if (expected instanceof RegExp) {
      expect(decided).toEqual({ allowed: false, reason: expect.stringMatching(expected) });
    } else {
      expect(decided).toMatchObject({ allowed: true, card: { ...start, ...expected } });
    }
  });
});
