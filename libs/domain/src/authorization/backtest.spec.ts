import { describe, expect, it } from '@jest/globals';
import type { RuleParameters, RuleVersion } from './auth-rules.js';
import { backtest, type HistoricCharge } from './backtest.js';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 15, 15, minute));
const historic = (
  minute: number,
  over: Partial<HistoricCharge['subject']> = {},
  approved = true,
  card = 'c1',
): HistoricCharge => ({
  transactionToken: `t${minute}`,
  eventToken: `e${minute}`,
  cardToken: card,
  created: at(minute),
  approved,
  subject: {
    mcc: '5411',
    country: 'USA',
    currency: 'USD',
    merchantId: '',
    descriptor: 'SHOP',
    amount: 100,
    cardState: 'OPEN',
    pinEntered: false,
    ...over,
  },
});
const rule = (type: RuleVersion['type'], parameters: RuleParameters): RuleVersion => ({
  token: 'r',
  version: 2,
  name: null,
  type,
  eventStream: 'AUTHORIZATION',
  parameters,
});

describe('backtest', () => {
  it.each([
    [
      'a block counts the charges it matches as declined',
      rule('CONDITIONAL_BLOCK', {
        conditions: [{ attribute: 'MCC', operation: 'IS_ONE_OF', value: ['7995'] }],
      }),
      [historic(1, { mcc: '7995' }), historic(2), historic(3, { mcc: '7995' })],
      { approved: 1, declined: 2, challenged: 0 },
    ],
    [
      'a challenge action counts as challenged',
      rule('CONDITIONAL_ACTION', {
        action: 'CHALLENGE',
        conditions: [{ attribute: 'TRANSACTION_AMOUNT', operation: 'IS_GREATER_THAN', value: 50 }],
      }),
      [historic(1), historic(2, { amount: 10 })],
      { approved: 1, declined: 0, challenged: 1 },
    ],
    [
      'a velocity limit replays in time order, whatever the order given',
      rule('VELOCITY_LIMIT', { scope: 'CARD', period: { type: 'CUSTOM', duration: 120 }, limit_count: 1 }),
      [historic(5), historic(1), historic(2), historic(4)],
      { approved: 2, declined: 2, challenged: 0 },
    ],
    [
      'a card-scoped velocity limit counts each card alone',
      rule('VELOCITY_LIMIT', { scope: 'CARD', period: { type: 'DAY' }, limit_count: 1 }),
      [historic(1), historic(2, {}, true, 'c2'), historic(3)],
      { approved: 2, declined: 1, challenged: 0 },
    ],
    [
      'an account-scoped one counts them together',
      rule('VELOCITY_LIMIT', { scope: 'ACCOUNT', period: { type: 'DAY' }, limit_count: 1 }),
      [historic(1), historic(2, {}, true, 'c2'), historic(3)],
      { approved: 1, declined: 2, challenged: 0 },
    ],
    [
      'a charge declined back then does not use up the window',
      rule('VELOCITY_LIMIT', { scope: 'CARD', period: { type: 'DAY' }, limit_count: 1 }),
      [historic(1, {}, false), historic(2)],
      { approved: 2, declined: 0, challenged: 0 },
    ],
  ])('%s', (_, r, history, counts) => {
    const stats = backtest(r, history);
    expect(stats).toMatchObject({ version: 2, ...counts });
    expect(stats.examples.map((e) => e.timestamp)).toEqual(
      [...stats.examples.map((e) => e.timestamp)].sort(),
    );
  });
});
