import { describe, expect, it } from '@jest/globals';
import type { AccountSnapshot } from '../account/account.js';
import { DomainError } from '../errors.js';
import {
  AUTH_RULE_TYPES,
  CONDITIONAL_OPERATIONS,
  RULE_ATTRIBUTES,
  evaluateRule,
  evaluateRules,
  parseRuleParameters,
  velocityWindowStart,
  type Condition,
  type RuleAttribute,
  type RuleParameters,
  type RuleSubject,
  type RuleVersion,
  type VelocityPeriod,
} from './auth-rules.js';
import { decide, type CardSnapshot, type Charge } from './decide.js';

const NOW = new Date('2026-03-15T12:00:00.000Z');

const subject = (over: Partial<RuleSubject> = {}): RuleSubject => ({
  mcc: '5812',
  country: 'USA',
  currency: 'USD',
  merchantId: 'M-1',
  descriptor: 'ACME COFFEE',
  amount: 1_000,
  cardState: 'OPEN',
  pinEntered: false,
  ...over,
});
const rule = (
  type: RuleVersion['type'],
  parameters: RuleParameters,
  over: Partial<RuleVersion> = {},
): RuleVersion => ({
  token: 'r-1',
  version: 3,
  name: null,
  type,
  eventStream: 'AUTHORIZATION',
  parameters,
  ...over,
});
const block = (...conditions: Condition[]) => rule('CONDITIONAL_BLOCK', { conditions });
const cond = (
  attribute: RuleAttribute,
  operation: Condition['operation'],
  value: Condition['value'],
): Condition => ({
  attribute,
  operation,
  value,
});

describe('conditions: every supported attribute with the operations of its kind', () => {
  // [attribute, operation, value, subject override, holds]
  const table: [RuleAttribute, Condition['operation'], Condition['value'], Partial<RuleSubject>, boolean][] =
    [
      ['MCC', 'IS_ONE_OF', ['5812', '5814'], {}, true],
      ['MCC', 'IS_ONE_OF', ['7995'], {}, false],
      ['MCC', 'IS_NOT_ONE_OF', ['7995'], {}, true],
      ['MCC', 'MATCHES', '^58', {}, true],
      ['MCC', 'DOES_NOT_MATCH', '^58', {}, false],
      ['COUNTRY', 'IS_ONE_OF', ['CAN'], { country: 'CAN' }, true],
      ['COUNTRY', 'IS_NOT_ONE_OF', ['USA'], {}, false],
      ['CURRENCY', 'IS_ONE_OF', ['EUR'], { currency: 'EUR' }, true],
      ['CURRENCY', 'MATCHES', '^US', {}, true],
      ['MERCHANT_ID', 'IS_ONE_OF', ['M-1'], {}, true],
      ['MERCHANT_ID', 'DOES_NOT_MATCH', 'M-', {}, false],
      ['DESCRIPTOR', 'MATCHES', 'COFFEE$', {}, true],
      ['DESCRIPTOR', 'IS_NOT_ONE_OF', ['ACME COFFEE'], {}, false],
      ['TRANSACTION_AMOUNT', 'IS_EQUAL_TO', 1_000, {}, true],
      ['TRANSACTION_AMOUNT', 'IS_NOT_EQUAL_TO', 1_000, {}, false],
      ['TRANSACTION_AMOUNT', 'IS_GREATER_THAN', 999, {}, true],
      ['TRANSACTION_AMOUNT', 'IS_GREATER_THAN', 1_000, {}, false],
      ['TRANSACTION_AMOUNT', 'IS_GREATER_THAN_OR_EQUAL_TO', 1_000, {}, true],
      ['TRANSACTION_AMOUNT', 'IS_LESS_THAN', 1_000, {}, false],
      ['TRANSACTION_AMOUNT', 'IS_LESS_THAN_OR_EQUAL_TO', 1_000, {}, true],
      ['CASH_AMOUNT', 'IS_GREATER_THAN', 0, { mcc: '6011' }, true],
      ['CASH_AMOUNT', 'IS_GREATER_THAN', 0, {}, false],
      ['RISK_SCORE', 'IS_LESS_THAN', 1, {}, true],
      ['CARD_STATE', 'IS_ONE_OF', ['PENDING_ACTIVATION'], { cardState: 'PENDING_ACTIVATION' }, true],
      ['CARD_STATE', 'IS_ONE_OF', ['PAUSED'], {}, false],
      ['PIN_ENTERED', 'IS_ONE_OF', ['TRUE'], { pinEntered: true }, true],
      ['PIN_ENTERED', 'IS_ONE_OF', ['TRUE'], {}, false],
      ['PIN_STATUS', 'IS_ONE_OF', ['OK'], {}, true],
      ['LIABILITY_SHIFT', 'IS_ONE_OF', ['NONE'], {}, true],
      ['PAN_ENTRY_MODE', 'IS_ONE_OF', ['ECOMMERCE'], {}, true],
      ['WALLET_TYPE', 'IS_NOT_ONE_OF', ['APPLE_PAY'], {}, true],
      ['TRANSACTION_INITIATOR', 'IS_ONE_OF', ['MERCHANT'], {}, false],
    ];
  it.each(table)('%s %s %j on %j holds: %s', (attribute, operation, value, over, holds) => {
    const evaluation = evaluateRule(block(cond(attribute, operation, value)), subject(over));
    expect(evaluation.action).toBe(holds ? 'DECLINE' : null);
    if (holds) expect(evaluation.explanation).toContain(`${attribute} ${operation}`);
  });

  it('covers every AUTHORIZATION attribute the sandbox accepts', () => {
    expect(new Set(table.map(([a]) => a))).toEqual(new Set(Object.keys(RULE_ATTRIBUTES.AUTHORIZATION)));
  });

  it('needs every condition to hold (AND)', () => {
    const both = block(cond('MCC', 'IS_ONE_OF', ['5812']), cond('COUNTRY', 'IS_ONE_OF', ['CAN']));
    expect(evaluateRule(both, subject()).action).toBeNull();
    expect(evaluateRule(both, subject({ country: 'CAN' })).action).toBe('DECLINE');
  });
});

describe('rule types', () => {
  it.each([
    [
      'CONDITIONAL_BLOCK declines',
      rule('CONDITIONAL_BLOCK', { conditions: [cond('MCC', 'IS_ONE_OF', ['5812'])] }),
      'DECLINE',
    ],
    [
      'CONDITIONAL_ACTION DECLINE',
      rule('CONDITIONAL_ACTION', { action: 'DECLINE', conditions: [cond('MCC', 'IS_ONE_OF', ['5812'])] }),
      'DECLINE',
    ],
    [
      'CONDITIONAL_ACTION CHALLENGE',
      rule('CONDITIONAL_ACTION', { action: 'CHALLENGE', conditions: [cond('MCC', 'IS_ONE_OF', ['5812'])] }),
      'CHALLENGE',
    ],
    ['MERCHANT_LOCK by id', rule('MERCHANT_LOCK', { merchants: [{ merchant_id: 'M-1' }] }), null],
    [
      'MERCHANT_LOCK by descriptor',
      rule('MERCHANT_LOCK', { merchants: [{ descriptor: 'ACME COFFEE' }] }),
      null,
    ],
    [
      'MERCHANT_LOCK by both, one differs',
      rule('MERCHANT_LOCK', { merchants: [{ merchant_id: 'M-1', descriptor: 'OTHER' }] }),
      'DECLINE',
    ],
    ['MERCHANT_LOCK elsewhere', rule('MERCHANT_LOCK', { merchants: [{ merchant_id: 'M-2' }] }), 'DECLINE'],
  ] as const)('%s', (_, r, action) => {
    expect(evaluateRule(r, subject()).action).toBe(action);
  });

  const velocity = (over: object) =>
    rule('VELOCITY_LIMIT', { scope: 'CARD', period: { type: 'DAY' }, ...over } as RuleParameters);
  const used = (count: number, amount: number, cashCount = 0, cashAmount = 0) => ({
    count,
    amount,
    cashCount,
    cashAmount,
  });
  it.each([
    ['CARD', 'count under the limit', { limit_count: 3 }, used(2, 0), {}, null],
    ['CARD', 'count at the limit', { limit_count: 3 }, used(3, 0), {}, 'DECLINE'],
    ['ACCOUNT', 'count at the limit', { scope: 'ACCOUNT', limit_count: 3 }, used(3, 0), {}, 'DECLINE'],
    [
      'ACCOUNT',
      'amount reaching the limit exactly',
      { scope: 'ACCOUNT', limit_amount: 2_000 },
      used(1, 1_000),
      {},
      null,
    ],
    ['CARD', 'amount over the limit', { limit_amount: 1_999 }, used(1, 1_000), {}, 'DECLINE'],
    ['CARD', 'a limit of 0 counts', { limit_count: 0 }, used(0, 0), {}, 'DECLINE'],
    [
      'CARD',
      'cash count on a cash MCC',
      { limit_cash_count: 1 },
      used(1, 0, 1, 0),
      { mcc: '6011' },
      'DECLINE',
    ],
    ['CARD', 'cash count on a purchase', { limit_cash_count: 1 }, used(1, 0, 1, 0), {}, null],
    ['CARD', 'cash amount', { limit_cash_amount: 1_500 }, used(1, 0, 1, 1_000), { mcc: '6010' }, 'DECLINE'],
    [
      'CARD',
      'an MCC the filter leaves out',
      { limit_count: 0, filters: { include_mccs: ['5411'] } },
      used(0, 0),
      {},
      null,
    ],
    [
      'CARD',
      'an MCC the filter excludes',
      { limit_count: 0, filters: { exclude_mccs: ['5812'] } },
      used(0, 0),
      {},
      null,
    ],
    [
      'CARD',
      'a country the filter includes',
      { limit_count: 0, filters: { include_countries: ['USA'] } },
      used(0, 0),
      {},
      'DECLINE',
    ],
    [
      'CARD',
      'a country the filter excludes',
      { limit_count: 0, filters: { exclude_countries: ['USA'] } },
      used(0, 0),
      {},
      null,
    ],
  ] as const)('VELOCITY_LIMIT scope %s: %s', (_scope, _what, params, usage, over, action) => {
    expect(evaluateRule(velocity(params), subject(over), usage).action).toBe(action);
  });

  it('the first rule that acts decides, and every rule is evaluated', () => {
    const first = { ...block(cond('MCC', 'IS_ONE_OF', ['0000'])), token: 'a' };
    const second = { ...block(cond('MCC', 'IS_ONE_OF', ['5812'])), token: 'b' };
    const third = { ...rule('MERCHANT_LOCK', { merchants: [{ merchant_id: 'X' }] }), token: 'c' };
    const { evaluations, decisive } = evaluateRules([first, second, third], subject());
    expect(evaluations.map((e) => e.action)).toEqual([null, 'DECLINE', 'DECLINE']);
    expect(decisive?.rule.token).toBe('b');
  });
});

describe('velocity windows (fixed periods start at midnight Eastern Time)', () => {
  it.each([
    [{ type: 'CUSTOM', duration: 3600 }, '2026-03-15T12:00:00.000Z', '2026-03-15T11:00:00.000Z'],
    [{ type: 'DAY' }, '2026-03-15T12:00:00.000Z', '2026-03-15T04:00:00.000Z'],
    [{ type: 'DAY' }, '2026-01-15T03:00:00.000Z', '2026-01-14T05:00:00.000Z'],
    [{ type: 'WEEK' }, '2026-03-15T12:00:00.000Z', '2026-03-09T04:00:00.000Z'],
    [{ type: 'WEEK', day_of_week: 7 }, '2026-03-15T12:00:00.000Z', '2026-03-15T04:00:00.000Z'],
    [{ type: 'MONTH' }, '2026-03-15T12:00:00.000Z', '2026-03-01T05:00:00.000Z'],
    [{ type: 'MONTH', day_of_month: 31 }, '2026-03-15T12:00:00.000Z', '2026-02-28T05:00:00.000Z'],
    [{ type: 'MONTH', day_of_month: 20 }, '2026-01-10T12:00:00.000Z', '2025-12-20T05:00:00.000Z'],
    [{ type: 'YEAR' }, '2026-03-15T12:00:00.000Z', '2026-01-01T05:00:00.000Z'],
    [{ type: 'YEAR', month: 2, day_of_month: 29 }, '2026-03-15T12:00:00.000Z', '2026-02-28T05:00:00.000Z'],
    [{ type: 'YEAR', month: 7, day_of_month: 4 }, '2026-03-15T12:00:00.000Z', '2025-07-04T04:00:00.000Z'],
  ] as [VelocityPeriod, string, string][])('%j at %s starts at %s', (period, now, start) => {
    expect(velocityWindowStart(period, new Date(now)).toISOString()).toBe(start);
  });
});

describe('parameters are validated field by field', () => {
  const refused = (
    type: (typeof AUTH_RULE_TYPES)[number],
    raw: unknown,
    stream: 'AUTHORIZATION' | 'THREE_DS_AUTHENTICATION' = 'AUTHORIZATION',
  ) => {
    try {
      parseRuleParameters(type, stream, raw);
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      return (error as DomainError).message;
    }
    throw new Error('accepted');
  };
  it.each([
    ['CONDITIONAL_BLOCK', { conditions: [] }, /parameters\.conditions: must be a non-empty array/],
    [
      'CONDITIONAL_BLOCK',
      { conditions: [{ attribute: 'IS_NEW_MCC', operation: 'IS_ONE_OF', value: ['TRUE'] }] },
      /IS_NEW_MCC is not an attribute/,
    ],
    [
      'CONDITIONAL_BLOCK',
      { conditions: [{ attribute: 'MCC', operation: 'IS_AFTER', value: 'x' }] },
      /IS_AFTER does not apply to MCC/,
    ],
    [
      'CONDITIONAL_BLOCK',
      { conditions: [{ attribute: 'MCC', operation: 'CONTAINS_ANY', value: ['x'] }] },
      /CONTAINS_ANY does not apply/,
    ],
    [
      'CONDITIONAL_BLOCK',
      { conditions: [{ attribute: 'TRANSACTION_AMOUNT', operation: 'IS_GREATER_THAN', value: '1' }] },
      /value: IS_GREATER_THAN takes a number/,
    ],
    ['CONDITIONAL_ACTION', { action: 'APPROVE', conditions: [] }, /parameters\.action/],
    ['VELOCITY_LIMIT', { scope: 'BUSINESS', period: { type: 'DAY' }, limit_count: 1 }, /parameters\.scope/],
    ['VELOCITY_LIMIT', { scope: 'CARD', period: { type: 'HOUR' }, limit_count: 1 }, /period\.type/],
    [
      'VELOCITY_LIMIT',
      { scope: 'CARD', period: { type: 'YEAR', month: 2, day_of_month: 30 }, limit_count: 1 },
      /day_of_month: month 2 has no day 30/,
    ],
    ['VELOCITY_LIMIT', { scope: 'CARD', period: { type: 'DAY' }, limit_count: -1 }, /limit_count/],
    [
      'VELOCITY_LIMIT',
      { scope: 'CARD', period: { type: 'DAY' }, limit_count: 1, filters: { include_mccs: ['58'] } },
      /filters\.include_mccs/,
    ],
    ['MERCHANT_LOCK', { merchants: [] }, /parameters\.merchants/],
  ] as const)('%s %j', (type, raw, message) => {
    expect(refused(type, raw)).toMatch(message);
  });

  it('refuses in 3DS rules the attributes only an authorization has', () => {
    expect(
      refused(
        'CONDITIONAL_ACTION',
        { action: 'DECLINE', conditions: [cond('CARD_STATE', 'IS_ONE_OF', ['OPEN'])] },
        'THREE_DS_AUTHENTICATION',
      ),
    ).toMatch(/CARD_STATE is not an attribute a simulated THREE_DS_AUTHENTICATION event carries/);
  });

  it('every operation of the spec is known', () => {
    expect(CONDITIONAL_OPERATIONS).toHaveLength(15);
  });
});

describe('decide(): auth rules run after the card’s own rules and limits, and judge debits only', () => {
  const card: CardSnapshot = {
    type: 'VIRTUAL',
    state: 'OPEN',
    spendLimit: 0,
    spendLimitDuration: 'TRANSACTION',
    expMonth: '06',
    expYear: '2030',
    lockedMerchant: '',
    cvv: '123',
    consumed: false,
    hasPin: false,
  };
  const account: AccountSnapshot = {
    state: 'ACTIVE',
    dailySpendLimit: null,
    monthlySpendLimit: null,
    lifetimeSpendLimit: null,
  };
  const usage = { card: 0, accountDaily: 0, accountMonthly: 0, accountLifetime: 0 };
  const charge: Charge = { status: 'AUTHORIZATION', amount: 1_000, descriptor: 'ACME', mcc: '7995' };
  const rules = {
    versions: [{ ...block(cond('MCC', 'IS_ONE_OF', ['7995'])), name: 'casinos' }],
    velocity: {},
  };

  it.each([
    ['a paused card', { ...card, state: 'PAUSED' as const }, account, charge, 'CARD_STATE'],
    ['an expired card', { ...card, expYear: '2020' }, account, charge, 'EXPIRY'],
    ['a wrong CVV', card, account, { ...charge, cvv: '999' }, 'CARD_DETAILS'],
    ['a wrong PIN', card, account, { ...charge, pin: { matches: false } }, 'PIN'],
    [
      'a used single-use card',
      { ...card, type: 'SINGLE_USE' as const, consumed: true, state: 'CLOSED' as const },
      account,
      charge,
      'SINGLE_USE',
    ],
    [
      'a merchant-locked card elsewhere',
      { ...card, type: 'MERCHANT_LOCKED' as const, lockedMerchant: 'OTHER' },
      account,
      charge,
      'MERCHANT_LOCK',
    ],
    ['the card limit', { ...card, spendLimit: 500 }, account, charge, 'CARD_SPEND_LIMIT'],
    ['a paused account', card, { ...account, state: 'PAUSED' as const }, charge, 'ACCOUNT'],
    ['an account limit', card, { ...account, dailySpendLimit: 500 }, charge, 'ACCOUNT'],
    ['nothing else', card, account, charge, 'AUTH_RULE'],
  ])('%s declines first', (_, c, a, ch, decidedBy) => {
    const decision = decide(c, a, ch, usage, NOW, rules);
    expect(decision.approved).toBe(false);
    if (!decision.approved) expect(decision.rule).toBe(decidedBy);
  });

  it('names the rule version on the decline, and keeps every evaluation', () => {
    const decision = decide(card, account, charge, usage, NOW, rules);
    expect(decision).toMatchObject({
      approved: false,
      result: 'UNAUTHORIZED_MERCHANT',
      detailedResult: 'AUTH_RULE_BLOCKED_MCC',
      authRule: { token: 'r-1', version: 3, name: 'casinos' },
    });
    expect(decision.evaluations).toHaveLength(1);
    expect(!decision.approved && decision.explanation).toMatch(/"casinos" r-1 \(version 3\)/);
  });

  it.each(['CREDIT_AUTHORIZATION', 'FINANCIAL_CREDIT_AUTHORIZATION', 'BALANCE_INQUIRY'] as const)(
    'approves a %s whatever the rules',
    (status) => {
      expect(decide(card, account, { ...charge, status }, usage, NOW, rules)).toMatchObject({
        approved: true,
        evaluations: [],
      });
    },
  );

  it('approves with the evaluations recorded when no rule acts', () => {
    const decision = decide(card, account, { ...charge, mcc: '5411' }, usage, NOW, rules);
    expect(decision).toMatchObject({ approved: true, evaluations: [{ action: null }] });
  });
});
