import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import type { AccountSnapshot } from '../account/account.js';
import {
  AUTHORIZATION_RULES,
  type AuthorizationStatus,
  type CardSnapshot,
  type Charge,
  type Decline,
  type Usage,
  type AuthRules,
  decide,
  isDebit,
} from './decide.js';
import type { RuleVersion } from './auth-rules.js';
import { DECLINE_RESULTS, DETAILED_RESULTS } from './results.js';

const NOW = new Date('2026-03-15T12:00:00.000Z');

const card = (over: Partial<CardSnapshot> = {}): CardSnapshot => ({
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
  ...over,
});
const account = (over: Partial<AccountSnapshot> = {}): AccountSnapshot => ({
  state: 'ACTIVE',
  dailySpendLimit: null,
  monthlySpendLimit: null,
  lifetimeSpendLimit: null,
  ...over,
});
const charge = (over: Partial<Charge> = {}): Charge => ({
  status: 'AUTHORIZATION',
  amount: 1_000,
  descriptor: 'ACME COFFEE',
  ...over,
});
const usage = (over: Partial<Usage> = {}): Usage => ({
  card: 0,
  accountDaily: 0,
  accountMonthly: 0,
  accountLifetime: 0,
  ...over,
});

interface Scenario {
  when: string;
  card?: Partial<CardSnapshot>;
  account?: Partial<AccountSnapshot>;
  charge?: Partial<Charge>;
  usage?: Partial<Usage>;
  now?: Date;
  authRules?: AuthRules;
}
const run = (s: Scenario) =>
  decide(card(s.card), account(s.account), charge(s.charge), usage(s.usage), s.now ?? NOW, s.authRules);

const ruleOf = (type: RuleVersion['type'], parameters: RuleVersion['parameters']): AuthRules => ({
  versions: [{ token: 'r', version: 1, name: null, type, eventStream: 'AUTHORIZATION', parameters }],
  velocity: { r: { count: 1, amount: 0, cashCount: 0, cashAmount: 0 } },
});
const conditional = (attribute: 'MCC' | 'COUNTRY' | 'DESCRIPTOR', value: string, action?: 'CHALLENGE') =>
  ruleOf(action ? 'CONDITIONAL_ACTION' : 'CONDITIONAL_BLOCK', {
    ...(action ? { action } : {}),
    conditions: [{ attribute, operation: 'IS_ONE_OF', value: [value] }],
  });

const usedSingleUse = { type: 'SINGLE_USE', state: 'CLOSED', consumed: true } as const;
const lockedToAcme = { type: 'MERCHANT_LOCKED', lockedMerchant: 'ACME COFFEE' } as const;
const expired = { expMonth: '02', expYear: '2026' } as const;

// One row per way to decline; the spec check below runs every row, so each emitted pair is checked.
const declines: (Scenario & Pick<Decline, 'rule' | 'result' | 'detailedResult'>)[] = [
  {
    when: 'an auth rule blocking the MCC',
    authRules: conditional('MCC', '5999'),
    charge: { mcc: '5999' },
    rule: 'AUTH_RULE',
    result: 'UNAUTHORIZED_MERCHANT',
    detailedResult: 'AUTH_RULE_BLOCKED_MCC',
  },
  {
    when: 'an auth rule blocking the country',
    authRules: conditional('COUNTRY', 'USA'),
    rule: 'AUTH_RULE',
    result: 'UNAUTHORIZED_MERCHANT',
    detailedResult: 'AUTH_RULE_BLOCKED_COUNTRY',
  },
  {
    when: 'an auth rule blocking the descriptor',
    authRules: conditional('DESCRIPTOR', 'ACME COFFEE'),
    rule: 'AUTH_RULE',
    result: 'UNAUTHORIZED_MERCHANT',
    detailedResult: 'AUTH_RULE',
  },
  {
    when: 'an auth rule challenging the descriptor',
    authRules: conditional('DESCRIPTOR', 'ACME COFFEE', 'CHALLENGE'),
    rule: 'AUTH_RULE',
    result: 'DECLINED',
    detailedResult: 'CARDHOLDER_CHALLENGED',
  },
  {
    when: 'an auth rule locking the card to another merchant',
    authRules: ruleOf('MERCHANT_LOCK', { merchants: [{ descriptor: 'ELSEWHERE' }] }),
    rule: 'AUTH_RULE',
    result: 'UNAUTHORIZED_MERCHANT',
    detailedResult: 'AUTH_RULE',
  },
  {
    when: 'an auth rule velocity limit reached',
    authRules: ruleOf('VELOCITY_LIMIT', { scope: 'CARD', period: { type: 'DAY' }, limit_count: 1 }),
    rule: 'AUTH_RULE',
    result: 'USER_TRANSACTION_LIMIT',
    detailedResult: 'AUTH_RULE',
  },
  {
    when: 'a charge on a paused card',
    card: { state: 'PAUSED' },
    rule: 'CARD_STATE',
    result: 'CARD_PAUSED',
    detailedResult: 'CARD_PAUSED',
  },
  {
    when: 'a charge on a closed card',
    card: { state: 'CLOSED' },
    rule: 'CARD_STATE',
    result: 'CARD_CLOSED',
    detailedResult: 'CARD_CLOSED',
  },
  {
    when: 'a charge on a card past the end of its expiry month',
    card: expired,
    rule: 'EXPIRY',
    result: 'INVALID_CARD_DETAILS',
    detailedResult: 'CARD_EXPIRED',
  },
  {
    when: 'a charge with the wrong CVV',
    charge: { cvv: '124' },
    rule: 'CARD_DETAILS',
    result: 'INVALID_CARD_DETAILS',
    detailedResult: 'CARD_SECURITY_CODE_INCORRECT',
  },
  {
    when: 'a charge with the wrong expiry month',
    charge: { expMonth: '07', expYear: '2030' },
    rule: 'CARD_DETAILS',
    result: 'INVALID_CARD_DETAILS',
    detailedResult: 'CARD_EXPIRY_DATE_INCORRECT',
  },
  {
    when: 'a charge with the wrong expiry year only',
    charge: { expYear: '2031' },
    rule: 'CARD_DETAILS',
    result: 'INVALID_CARD_DETAILS',
    detailedResult: 'CARD_EXPIRY_DATE_INCORRECT',
  },
  {
    when: 'a charge with a wrong PIN',
    card: { hasPin: true },
    charge: { pin: { matches: false } },
    rule: 'PIN',
    result: 'INCORRECT_PIN',
    detailedResult: 'CARD_PIN_INCORRECT',
  },
  {
    when: 'a charge with a PIN on a card that has none',
    charge: { pin: { matches: false } },
    rule: 'PIN',
    result: 'INCORRECT_PIN',
    detailedResult: 'CARD_PIN_INCORRECT',
  },
  {
    when: 'a second charge on a single-use card',
    card: usedSingleUse,
    rule: 'SINGLE_USE',
    result: 'SINGLE_USE_RECHARGED',
    detailedResult: 'SINGLE_USE_CARD_REATTEMPTED',
  },
  {
    when: 'a financial authorization on a used single-use card',
    card: usedSingleUse,
    charge: { status: 'FINANCIAL_AUTHORIZATION' },
    rule: 'SINGLE_USE',
    result: 'SINGLE_USE_RECHARGED',
    detailedResult: 'SINGLE_USE_CARD_REATTEMPTED',
  },
  {
    when: 'a charge at another merchant on a merchant-locked card',
    card: lockedToAcme,
    charge: { descriptor: 'BOOK SHOP' },
    rule: 'MERCHANT_LOCK',
    result: 'UNAUTHORIZED_MERCHANT',
    detailedResult: 'MERCHANT_LOCKED_CARD_ATTEMPTED_ELSEWHERE',
  },
  {
    when: 'a charge whose acceptor id differs from the merchant the card is locked to',
    card: { type: 'MERCHANT_LOCKED', lockedMerchant: 'MID-1' },
    charge: { descriptor: 'ACME COFFEE', merchantAcceptorId: 'MID-2' },
    rule: 'MERCHANT_LOCK',
    result: 'UNAUTHORIZED_MERCHANT',
    detailedResult: 'MERCHANT_LOCKED_CARD_ATTEMPTED_ELSEWHERE',
  },
  {
    when: 'a charge over the per-transaction limit by one cent',
    card: { spendLimit: 999 },
    rule: 'CARD_SPEND_LIMIT',
    result: 'USER_TRANSACTION_LIMIT',
    detailedResult: 'CARD_SPEND_LIMIT_EXCEEDED',
  },
  ...(['MONTHLY', 'ANNUALLY', 'FOREVER'] as const).map((duration) => ({
    when: `a charge that takes the ${duration} window one cent over the card's limit`,
    card: { spendLimit: 50_000, spendLimitDuration: duration },
    usage: { card: 49_001 },
    rule: 'CARD_SPEND_LIMIT' as const,
    result: 'USER_TRANSACTION_LIMIT' as const,
    detailedResult: 'CARD_SPEND_LIMIT_EXCEEDED' as const,
  })),
  {
    when: 'a charge on a card of a paused account',
    account: { state: 'PAUSED' },
    rule: 'ACCOUNT',
    result: 'ACCOUNT_PAUSED',
    detailedResult: 'ACCOUNT_PAUSED',
  },
  {
    when: 'a charge on a card of a closed account',
    account: { state: 'CLOSED' },
    rule: 'ACCOUNT',
    result: 'INACTIVE_ACCOUNT',
    detailedResult: 'ACCOUNT_INACTIVE',
  },
  {
    when: "a charge over the account's daily limit",
    account: { dailySpendLimit: 5_000 },
    usage: { accountDaily: 4_001 },
    rule: 'ACCOUNT',
    result: 'USER_TRANSACTION_LIMIT',
    detailedResult: 'ACCOUNT_DAILY_SPEND_LIMIT_EXCEEDED',
  },
  {
    when: "a charge over the account's monthly limit",
    account: { monthlySpendLimit: 5_000 },
    usage: { accountMonthly: 4_001 },
    rule: 'ACCOUNT',
    result: 'USER_TRANSACTION_LIMIT',
    detailedResult: 'ACCOUNT_MONTHLY_SPEND_LIMIT_EXCEEDED',
  },
  {
    when: "a charge over the account's lifetime limit",
    account: { lifetimeSpendLimit: 5_000 },
    usage: { accountLifetime: 4_001 },
    rule: 'ACCOUNT',
    result: 'USER_TRANSACTION_LIMIT',
    detailedResult: 'ACCOUNT_LIFETIME_SPEND_LIMIT_EXCEEDED',
  },
  {
    when: 'a debit on a card whose funding source is not verified',
    card: { fundingState: 'PENDING' },
    rule: 'FUNDING',
    result: 'BANK_NOT_VERIFIED',
    detailedResult: 'DECLINED',
  },
  {
    when: 'a debit on a card whose funding source was removed',
    card: { fundingState: 'REMOVED' },
    rule: 'FUNDING',
    result: 'BANK_CONNECTION_ERROR',
    detailedResult: 'DECLINED',
  },
];

// When two rules fail at once, the earlier one in docs/semantics.md (deciding a charge) names the decline.
const conflicts: (Scenario & Pick<Decline, 'rule' | 'detailedResult'>)[] = [
  {
    when: 'a paused card whose funding source was removed',
    card: { state: 'PAUSED', fundingState: 'REMOVED' },
    rule: 'CARD_STATE',
    detailedResult: 'CARD_PAUSED',
  },
  {
    when: 'a card over its account limit whose funding source is not verified',
    card: { fundingState: 'PENDING' },
    account: { dailySpendLimit: 500 },
    rule: 'ACCOUNT',
    detailedResult: 'ACCOUNT_DAILY_SPEND_LIMIT_EXCEEDED',
  },
  {
    when: 'a paused single-use card that was never used',
    card: { type: 'SINGLE_USE', state: 'PAUSED' },
    rule: 'CARD_STATE',
    detailedResult: 'CARD_PAUSED',
  },
  {
    when: 'a paused card that has also expired',
    card: { state: 'PAUSED', ...expired },
    rule: 'CARD_STATE',
    detailedResult: 'CARD_PAUSED',
  },
  {
    when: 'a closed card that has also expired',
    card: { state: 'CLOSED', ...expired },
    rule: 'CARD_STATE',
    detailedResult: 'CARD_CLOSED',
  },
  {
    when: 'a closed merchant-locked card at another merchant',
    card: { ...lockedToAcme, state: 'CLOSED' },
    charge: { descriptor: 'BOOK SHOP' },
    rule: 'CARD_STATE',
    detailedResult: 'CARD_CLOSED',
  },
  {
    when: 'a wrong CVV on a paused card',
    card: { state: 'PAUSED' },
    charge: { cvv: '999' },
    rule: 'CARD_STATE',
    detailedResult: 'CARD_PAUSED',
  },
  {
    when: 'a wrong CVV and a wrong PIN',
    card: { hasPin: true },
    charge: { cvv: '999', pin: { matches: false } },
    rule: 'CARD_DETAILS',
    detailedResult: 'CARD_SECURITY_CODE_INCORRECT',
  },
  {
    when: 'a wrong PIN on a used single-use card',
    card: { ...usedSingleUse, hasPin: true },
    charge: { pin: { matches: false } },
    rule: 'PIN',
    detailedResult: 'CARD_PIN_INCORRECT',
  },
  {
    when: 'a wrong CVV on an expired card',
    card: expired,
    charge: { cvv: '999' },
    rule: 'EXPIRY',
    detailedResult: 'CARD_EXPIRED',
  },
  {
    when: 'a wrong CVV and a wrong expiry date together',
    charge: { cvv: '999', expMonth: '01', expYear: '2029' },
    rule: 'CARD_DETAILS',
    detailedResult: 'CARD_SECURITY_CODE_INCORRECT',
  },
  {
    when: 'a used single-use card, which is closed, charged again',
    card: usedSingleUse,
    rule: 'SINGLE_USE',
    detailedResult: 'SINGLE_USE_CARD_REATTEMPTED',
  },
  {
    when: 'a used single-use card charged again that has also expired',
    card: { ...usedSingleUse, ...expired },
    rule: 'EXPIRY',
    detailedResult: 'CARD_EXPIRED',
  },
  {
    when: 'a used single-use card charged again with a wrong CVV',
    card: usedSingleUse,
    charge: { cvv: '999' },
    rule: 'CARD_DETAILS',
    detailedResult: 'CARD_SECURITY_CODE_INCORRECT',
  },
  {
    when: 'a merchant-locked card at another merchant over its spend limit',
    card: { ...lockedToAcme, spendLimit: 500 },
    charge: { descriptor: 'BOOK SHOP' },
    rule: 'MERCHANT_LOCK',
    detailedResult: 'MERCHANT_LOCKED_CARD_ATTEMPTED_ELSEWHERE',
  },
  {
    when: 'a card over its spend limit on a paused account',
    card: { spendLimit: 500 },
    account: { state: 'PAUSED' },
    rule: 'CARD_SPEND_LIMIT',
    detailedResult: 'CARD_SPEND_LIMIT_EXCEEDED',
  },
  {
    when: 'a charge over the account daily limit on a paused account',
    account: { state: 'PAUSED', dailySpendLimit: 500 },
    rule: 'ACCOUNT',
    detailedResult: 'ACCOUNT_PAUSED',
  },
  {
    when: 'a charge over every account limit at once',
    account: { dailySpendLimit: 500, monthlySpendLimit: 500, lifetimeSpendLimit: 500 },
    rule: 'ACCOUNT',
    detailedResult: 'ACCOUNT_DAILY_SPEND_LIMIT_EXCEEDED',
  },
  {
    when: 'a charge over the account monthly and lifetime limits',
    account: { monthlySpendLimit: 500, lifetimeSpendLimit: 500 },
    rule: 'ACCOUNT',
    detailedResult: 'ACCOUNT_MONTHLY_SPEND_LIMIT_EXCEEDED',
  },
  {
    when: 'a paused card on a paused account',
    card: { state: 'PAUSED' },
    account: { state: 'PAUSED' },
    rule: 'CARD_STATE',
    detailedResult: 'CARD_PAUSED',
  },
];

const approvals: Scenario[] = [
  { when: 'a plain charge on an open virtual card' },
  { when: 'a debit on a card whose funding source is enabled', card: { fundingState: 'ENABLED' } },
  {
    when: 'a refund to a card whose funding source was removed (credits need no funding)',
    card: { fundingState: 'REMOVED' },
    charge: { status: 'CREDIT_AUTHORIZATION' },
  },
  { when: 'a charge on the last millisecond of the expiry month', now: new Date('2030-06-30T23:59:59.999Z') },
  {
    when: 'a charge with the right CVV and expiry date',
    charge: { cvv: '123', expMonth: '06', expYear: '2030' },
  },
  { when: 'a charge whose expiry month omits the leading zero', charge: { expMonth: '6' } },
  { when: 'a charge with the right PIN', card: { hasPin: true }, charge: { pin: { matches: true } } },
  { when: 'a charge with no PIN entered on a card that has one', card: { hasPin: true } },
  { when: 'a charge of exactly the per-transaction limit', card: { spendLimit: 1_000 } },
  {
    when: 'a charge that reaches the monthly limit exactly',
    card: { spendLimit: 50_000, spendLimitDuration: 'MONTHLY' },
    usage: { card: 49_000 },
  },
  {
    when: 'a charge on a per-transaction limit, whatever was spent before',
    card: { spendLimit: 1_000 },
    usage: { card: 1_000_000 },
  },
  { when: 'a large charge on a card whose spend limit is 0 (no limit)', charge: { amount: 99_999_999 } },
  {
    when: 'a charge with no account limits set, whatever the account spent',
    usage: { accountDaily: 1e9, accountMonthly: 1e9, accountLifetime: 1e9 },
  },
  {
    when: 'a charge with account limits of 0 (unset)',
    account: { dailySpendLimit: 0, monthlySpendLimit: 0, lifetimeSpendLimit: 0 },
    usage: { accountDaily: 1e9 },
  },
  {
    when: 'a charge that reaches every account limit exactly',
    account: { dailySpendLimit: 5_000, monthlySpendLimit: 5_000, lifetimeSpendLimit: 5_000 },
    usage: { accountDaily: 4_000, accountMonthly: 4_000, accountLifetime: 4_000 },
  },
  { when: 'a merchant-locked card at the merchant it is locked to', card: lockedToAcme },
  {
    when: 'a merchant-locked card at its merchant spelled with other case and spacing',
    card: lockedToAcme,
    charge: { descriptor: '  acme   coffee ' },
  },
  {
    when: 'a merchant-locked card at its merchant by acceptor id under a new descriptor',
    card: { type: 'MERCHANT_LOCKED', lockedMerchant: 'MID-1' },
    charge: { descriptor: 'ACME COFFEE #2', merchantAcceptorId: 'MID-1' },
  },
  { when: 'the first charge on a single-use card', card: { type: 'SINGLE_USE' } },
  // Lithic's spec: pending physical cards take card-not-present charges, and all simulated ones are.
  {
    when: 'a charge on a physical card waiting for fulfilment',
    card: { type: 'PHYSICAL', state: 'PENDING_FULFILLMENT' },
  },
  {
    when: 'a charge on a physical card shipped but not yet activated',
    card: { type: 'PHYSICAL', state: 'PENDING_ACTIVATION' },
  },
];

describe('decide', () => {
  it.each(declines)('declines $when with $result / $detailedResult', (s) => {
    expect(run(s)).toMatchObject({
      approved: false,
      rule: s.rule,
      result: s.result,
      detailedResult: s.detailedResult,
    });
  });

  it.each(conflicts)('names $rule first for $when', (s) => {
    expect(run(s)).toMatchObject({ approved: false, rule: s.rule, detailedResult: s.detailedResult });
  });

  it.each(approvals)('approves $when', (s) => {
    expect(run(s)).toMatchObject({ approved: true });
  });

  it('covers every rule with at least one decline', () => {
    expect(new Set(declines.map((d) => d.rule))).toEqual(new Set(AUTHORIZATION_RULES));
  });

  it('runs the rules in the order of docs/semantics.md (deciding a charge)', () => {
    expect(AUTHORIZATION_RULES).toEqual([
      'CARD_STATE',
      'EXPIRY',
      'CARD_DETAILS',
      'PIN',
      'SINGLE_USE',
      'MERCHANT_LOCK',
      'CARD_SPEND_LIMIT',
      'ACCOUNT',
      'FUNDING',
      'AUTH_RULE',
    ]);
  });
});

describe('what an approval changes on the card', () => {
  it.each<Scenario & { closeCard: boolean; lockMerchant: string | null }>([
    {
      when: 'the first debit on a single-use card closes it',
      card: { type: 'SINGLE_USE' },
      closeCard: true,
      lockMerchant: null,
    },
    {
      when: 'a financial debit on a single-use card closes it',
      card: { type: 'SINGLE_USE' },
      charge: { status: 'FINANCIAL_AUTHORIZATION' },
      closeCard: true,
      lockMerchant: null,
    },
    {
      when: 'a credit on a single-use card leaves it open',
      card: { type: 'SINGLE_USE' },
      charge: { status: 'CREDIT_AUTHORIZATION' },
      closeCard: false,
      lockMerchant: null,
    },
    {
      when: 'a balance inquiry on a single-use card leaves it open',
      card: { type: 'SINGLE_USE' },
      charge: { status: 'BALANCE_INQUIRY' },
      closeCard: false,
      lockMerchant: null,
    },
    {
      when: 'the first debit on a merchant-locked card locks it to the normalised descriptor',
      card: { type: 'MERCHANT_LOCKED' },
      charge: { descriptor: '  Acme   Coffee ' },
      closeCard: false,
      lockMerchant: 'ACME COFFEE',
    },
    {
      when: 'the first debit on a merchant-locked card locks it to the acceptor id when given',
      card: { type: 'MERCHANT_LOCKED' },
      charge: { descriptor: 'Acme Coffee', merchantAcceptorId: ' MID-1 ' },
      closeCard: false,
      lockMerchant: 'MID-1',
    },
    {
      when: 'a credit on an unlocked merchant-locked card does not lock it',
      card: { type: 'MERCHANT_LOCKED' },
      charge: { status: 'FINANCIAL_CREDIT_AUTHORIZATION' },
      closeCard: false,
      lockMerchant: null,
    },
    {
      when: 'a balance inquiry on an unlocked merchant-locked card does not lock it',
      card: { type: 'MERCHANT_LOCKED' },
      charge: { status: 'BALANCE_INQUIRY' },
      closeCard: false,
      lockMerchant: null,
    },
    {
      when: 'a debit at the merchant a card is already locked to changes nothing',
      card: lockedToAcme,
      closeCard: false,
      lockMerchant: null,
    },
    ...(['VIRTUAL', 'UNLOCKED', 'DIGITAL_WALLET'] as const).map((type) => ({
      when: `a debit on a card of type ${type} changes nothing`,
      card: { type },
      closeCard: false,
      lockMerchant: null,
    })),
  ])('$when', (s) => {
    expect(run(s)).toEqual({ approved: true, closeCard: s.closeCard, lockMerchant: s.lockMerchant });
  });
});

describe('credits and balance inquiries', () => {
  const nonDebits: AuthorizationStatus[] = [
    'CREDIT_AUTHORIZATION',
    'FINANCIAL_CREDIT_AUTHORIZATION',
    'BALANCE_INQUIRY',
  ];
  const overEveryLimit: Scenario = {
    when: 'over every limit',
    card: { spendLimit: 100, spendLimitDuration: 'MONTHLY' },
    account: { dailySpendLimit: 100, monthlySpendLimit: 100, lifetimeSpendLimit: 100 },
    usage: { card: 100, accountDaily: 100, accountMonthly: 100, accountLifetime: 100 },
  };

  it.each(nonDebits)('a %s skips every spend limit', (status) => {
    expect(run({ ...overEveryLimit, charge: { status } })).toMatchObject({ approved: true });
  });

  it.each(nonDebits)('a %s skips the per-transaction limit', (status) => {
    expect(run({ when: '', card: { spendLimit: 1 }, charge: { status } })).toMatchObject({ approved: true });
  });

  it.each(['CREDIT_AUTHORIZATION', 'FINANCIAL_CREDIT_AUTHORIZATION'] as const)(
    'a %s to a used single-use card still posts, as a refund of its purchase',
    (status) => {
      expect(run({ when: '', card: usedSingleUse, charge: { status } })).toEqual({
        approved: true,
        closeCard: false,
        lockMerchant: null,
      });
    },
  );

  it('a balance inquiry on a used single-use card declines because the card is closed', () => {
    expect(run({ when: '', card: usedSingleUse, charge: { status: 'BALANCE_INQUIRY' } })).toMatchObject({
      rule: 'CARD_STATE',
      detailedResult: 'CARD_CLOSED',
    });
  });

  const stillDeclines: [string, Scenario, string][] = [
    ['a paused card', { when: '', card: { state: 'PAUSED' } }, 'CARD_PAUSED'],
    ['a closed card', { when: '', card: { state: 'CLOSED' } }, 'CARD_CLOSED'],
    ['an expired card', { when: '', card: expired }, 'CARD_EXPIRED'],
    ['a wrong CVV', { when: '', charge: { cvv: '000' } }, 'CARD_SECURITY_CODE_INCORRECT'],
    ['a wrong expiry date', { when: '', charge: { expYear: '2029' } }, 'CARD_EXPIRY_DATE_INCORRECT'],
    [
      'a card locked to another merchant',
      { when: '', card: lockedToAcme, charge: { descriptor: 'BOOK SHOP' } },
      'MERCHANT_LOCKED_CARD_ATTEMPTED_ELSEWHERE',
    ],
    ['a paused account', { when: '', account: { state: 'PAUSED' } }, 'ACCOUNT_PAUSED'],
    ['a closed account', { when: '', account: { state: 'CLOSED' } }, 'ACCOUNT_INACTIVE'],
  ];
  it.each(
    nonDebits.flatMap((status) =>
      stillDeclines.map(([what, s, detailed]) => [status, what, s, detailed] as const),
    ),
  )('a %s still declines on %s', (status, _, s, detailedResult) => {
    expect(run({ ...s, charge: { ...s.charge, status } })).toMatchObject({ approved: false, detailedResult });
  });
});

describe('isDebit', () => {
  it.each<[AuthorizationStatus, boolean]>([
    ['AUTHORIZATION', true],
    ['FINANCIAL_AUTHORIZATION', true],
    ['CREDIT_AUTHORIZATION', false],
    ['FINANCIAL_CREDIT_AUTHORIZATION', false],
    ['BALANCE_INQUIRY', false],
  ])('isDebit(%s) is %s', (status, debit) => {
    expect(isDebit(status)).toBe(debit);
  });
});

describe('explanations', () => {
  it.each<[string, Scenario, string]>([
    [
      'names the locked merchant and the attempted one',
      { when: '', card: lockedToAcme, charge: { descriptor: 'book  shop' } },
      'The card is locked to the merchant "ACME COFFEE" and cannot be used at "BOOK SHOP".',
    ],
    [
      'gives the used, limit, window and requested amounts in dollars',
      {
        when: '',
        card: { spendLimit: 50_000, spendLimitDuration: 'MONTHLY' },
        usage: { card: 48_000 },
        charge: { amount: 3_000 },
      },
      "$480.00 of the card's $500.00 monthly spend limit is used; $30.00 more would exceed it.",
    ],
    [
      'calls an ANNUALLY limit annual and groups thousands',
      {
        when: '',
        card: { spendLimit: 1_000_000, spendLimitDuration: 'ANNUALLY' },
        usage: { card: 999_999 },
        charge: { amount: 5 },
      },
      "$9,999.99 of the card's $10,000.00 annual spend limit is used; $0.05 more would exceed it.",
    ],
    [
      'calls a FOREVER limit lifetime',
      { when: '', card: { spendLimit: 100, spendLimitDuration: 'FOREVER' }, usage: { card: 100 } },
      "$1.00 of the card's $1.00 lifetime spend limit is used; $10.00 more would exceed it.",
    ],
    [
      'compares a charge with a per-transaction limit',
      { when: '', card: { spendLimit: 999 } },
      "$10.00 is more than the card's $9.99 per-transaction spend limit.",
    ],
    [
      'names the account window that would be exceeded',
      { when: '', account: { monthlySpendLimit: 123_456_789 }, usage: { accountMonthly: 123_456_000 } },
      "$1,234,560.00 of the account's $1,234,567.89 monthly spend limit is used; $10.00 more would exceed it.",
    ],
    [
      'shows the expiry and the sandbox clock',
      { when: '', card: expired },
      'The card expired at the end of 02/2026 (the sandbox clock reads 2026-03-15T12:00:00.000Z).',
    ],
    [
      'repeats the expiry given without revealing the card’s',
      { when: '', charge: { expMonth: '07', expYear: '2031' } },
      "The expiry date given (07/2031) does not match the card's expiry date.",
    ],
  ])('%s', (_, s, explanation) => {
    expect(run(s)).toMatchObject({ approved: false, explanation });
  });

  it.each(declines)('explains $when in one plain sentence', (s) => {
    const decision = run(s) as Decline;
    expect(decision.explanation).toMatch(/^[A-Z$].*\.$/);
    expect(decision.explanation).not.toMatch(/\n|\.\s+[A-Z]/);
  });

  it('never reveals the card’s CVV', () => {
    const decision = run({ when: '', charge: { cvv: '999' } }) as Decline;
    expect(decision.explanation).not.toContain('123');
  });
});

describe('result codes against the Lithic spec', () => {
  const specUrl = new URL('../../../../spec/lithic-openapi.yml', import.meta.url);
  let schemas: Record<string, { enum?: string[]; properties?: Record<string, unknown> }> | undefined;
  // Read lazily inside the tests, so a missing spec file fails them instead of skipping anything.
  const schema = (name: string) => {
    schemas ??= parse(readFileSync(specUrl, 'utf8')).components.schemas;
    const found = schemas![name];
    if (!found) throw new Error(`schema ${name} is not in the spec`);
    return found;
  };

  it('reads the card transaction result from decline_result and detailed results from detailed_result', () => {
    expect(schema('card_transaction').properties!.result).toEqual({
      $ref: '#/components/schemas/decline_result',
    });
    expect(schema('transaction_event').properties!.detailed_results).toMatchObject({
      items: { $ref: '#/components/schemas/detailed_result' },
    });
  });

  it.each(DECLINE_RESULTS)('the result %s is in decline_result', (result) => {
    expect(schema('decline_result').enum).toContain(result);
  });

  it.each(DETAILED_RESULTS)('the detailed result %s is in detailed_result', (detailed) => {
    expect(schema('detailed_result').enum).toContain(detailed);
  });

  it('APPROVED is in both enums', () => {
    expect(schema('decline_result').enum).toContain('APPROVED');
    expect(schema('detailed_result').enum).toContain('APPROVED');
  });

  it.each([...declines, ...conflicts])('emits spec codes when it declines $when', (s) => {
    const decision = run(s) as Decline;
    expect(schema('decline_result').enum).toContain(decision.result);
    expect(schema('detailed_result').enum).toContain(decision.detailedResult);
  });

  it('emits every listed result and detailed result in some decline', () => {
    expect(new Set(declines.map((d) => d.result))).toEqual(new Set(DECLINE_RESULTS));
    expect(new Set(declines.map((d) => d.detailedResult))).toEqual(new Set(DETAILED_RESULTS));
  });
});

describe('draft versions in shadow', () => {
  const blocking = conditional('DESCRIPTOR', 'ACME COFFEE').versions[0];
  const draft = { ...blocking, version: 2 };
  const shadowOf = (s: Omit<Scenario, 'when'>) =>
    run({ when: 'shadow', ...s }).shadowEvaluations?.map((e) => [e.rule.version, e.action]);

  it('run beside the current versions and never change the decision', () => {
    const decision = run({ when: 'shadow', authRules: { versions: [], velocity: {}, drafts: [draft] } });
    expect(decision.approved).toBe(true);
    expect(decision.shadowEvaluations?.map((e) => [e.rule.version, e.action])).toEqual([[2, 'DECLINE']]);
    expect(decision.evaluations).toEqual([]);
  });

  it('run even when a current version declines, and record what they would do', () => {
    const letThrough: RuleVersion = {
      ...draft,
      parameters: conditional('MCC', '7995').versions[0].parameters,
    };
    const decision = run({
      when: 'shadow',
      authRules: { versions: [blocking], velocity: {}, drafts: [letThrough] },
    });
    expect(decision.approved).toBe(false);
    expect(decision.shadowEvaluations?.map((e) => [e.rule.version, e.action])).toEqual([[2, null]]);
  });

  it('do not run where the rules do not: a charge the card declines first, or a credit', () => {
    const authRules = { versions: [], velocity: {}, drafts: [draft] };
    expect(shadowOf({ card: { state: 'CLOSED' }, authRules })).toEqual([]);
    expect(shadowOf({ charge: { status: 'CREDIT_AUTHORIZATION' }, authRules })).toEqual([]);
  });

  it('read their own velocity usage', () => {
    const limit = ruleOf('VELOCITY_LIMIT', { scope: 'CARD', period: { type: 'DAY' }, limit_count: 1 })
      .versions[0];
    const used = { count: 1, amount: 0, cashCount: 0, cashAmount: 0 };
    const authRules = { versions: [], velocity: {}, drafts: [limit], draftVelocity: { r: used } };
    expect(shadowOf({ authRules })).toEqual([[1, 'DECLINE']]);
    expect(shadowOf({ authRules: { ...authRules, draftVelocity: {} } })).toEqual([[1, null]]);
  });
});
