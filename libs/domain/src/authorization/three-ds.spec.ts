import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors.js';
import type { RuleVersion } from './auth-rules.js';
import {
  completeChallenge,
  decideThreeDs,
  readThreeDsAnswer,
  threeDsAnswerVerdict,
  type ThreeDsRequest,
} from './three-ds.js';

const NOW = new Date('2026-03-15T12:00:00.000Z');
const request = (over: Partial<ThreeDsRequest> = {}, name = 'SHOP'): ThreeDsRequest => ({
  card: { state: 'OPEN', expMonth: '06', expYear: '2030' },
  account: { state: 'ACTIVE', dailySpendLimit: null, monthlySpendLimit: null, lifetimeSpendLimit: null },
  cardExpiryCheck: 'MATCH',
  subject: {
    mcc: '5812',
    country: 'USA',
    currency: 'USD',
    merchantId: 'M',
    descriptor: name,
    amount: 100,
    cardState: 'OPEN',
    pinEntered: false,
    messageCategory: 'PAYMENT_AUTHENTICATION',
  },
  ...over,
});
const rule = (action: 'DECLINE' | 'CHALLENGE'): RuleVersion => ({
  token: action,
  version: 1,
  name: null,
  type: 'CONDITIONAL_ACTION',
  eventStream: 'THREE_DS_AUTHENTICATION',
  parameters: { action, conditions: [{ attribute: 'MCC', operation: 'IS_ONE_OF', value: ['5812'] }] },
});

describe('decideThreeDs: card and account, then rules, then the CHALLENGE keyword; else the endpoint decides', () => {
  it.each([
    [
      'a paused card',
      request({ card: { state: 'PAUSED', expMonth: '06', expYear: '2030' } }, 'CHALLENGE'),
      [rule('CHALLENGE')],
      'DECLINE',
      'LITHIC_RULES',
    ],
    [
      'an expired card',
      request({ card: { state: 'OPEN', expMonth: '01', expYear: '2026' } }),
      [],
      'DECLINE',
      'LITHIC_RULES',
    ],
    ['a mismatched expiry', request({ cardExpiryCheck: 'MISMATCH' }), [], 'DECLINE', 'LITHIC_RULES'],
    [
      'a closed account',
      request({
        account: {
          state: 'CLOSED',
          dailySpendLimit: null,
          monthlySpendLimit: null,
          lifetimeSpendLimit: null,
        },
      }),
      [],
      'DECLINE',
      'LITHIC_RULES',
    ],
    [
      'a DECLINE rule before the keyword',
      request({}, 'CHALLENGE ME'),
      [rule('DECLINE')],
      'DECLINE',
      'CUSTOMER_RULES',
    ],
    ['a CHALLENGE rule', request(), [rule('CHALLENGE')], 'PENDING_CHALLENGE', 'CUSTOMER_RULES'],
    [
      'the CHALLENGE keyword, any case',
      request({}, 'big challenge'),
      [],
      'PENDING_CHALLENGE',
      'LITHIC_DEFAULT',
    ],
  ] as const)('%s', (_, req, rules, result, by) => {
    const { verdict } = decideThreeDs(req, [...rules], NOW);
    expect(verdict).toMatchObject({ result, decidedBy: by });
  });

  it('leaves the rest to the endpoint (null), with every rule evaluated', () => {
    const { verdict, evaluations } = decideThreeDs(
      request(),
      [
        {
          ...rule('DECLINE'),
          parameters: {
            action: 'DECLINE',
            conditions: [{ attribute: 'MCC', operation: 'IS_ONE_OF', value: ['0000'] }],
          },
        },
      ],
      NOW,
    );
    expect(verdict).toBeNull();
    expect(evaluations).toHaveLength(1);
  });

  it.each([
    ['{"three_ds_authentication_decision":"APPROVE"}', 'SUCCESS'],
    ['{"three_ds_authentication_decision":"DECLINE"}', 'DECLINE'],
    ['{"three_ds_authentication_decision":"CHALLENGE_REQUESTED"}', 'PENDING_CHALLENGE'],
  ])('reads the endpoint answer %s', (body, result) => {
    expect(threeDsAnswerVerdict(readThreeDsAnswer(body)!).result).toBe(result);
  });

  it.each(['', 'nope', '{"result":"APPROVED"}', 'null'])('reads %j as no answer', (body) => {
    expect(readThreeDsAnswer(body)).toBeNull();
  });
});

describe('completeChallenge', () => {
  const sms = { result: 'PENDING_CHALLENGE', challengeStatus: 'PENDING', challengeMethod: 'SMS_OTP' };
  const oob = { ...sms, challengeMethod: 'OUT_OF_BAND' };
  it.each([
    [sms, { otp: '123456' }, { result: 'SUCCESS', challengeStatus: 'SUCCESS' }],
    [sms, { otp: '654321' }, { result: 'DECLINE', challengeStatus: 'ATTEMPTS_EXCEEDED' }],
    [oob, { response: 'APPROVE' as const }, { result: 'SUCCESS', challengeStatus: 'SUCCESS' }],
    [
      oob,
      { response: 'DECLINE_BY_CUSTOMER' as const },
      { result: 'DECLINE', challengeStatus: 'CANCELED_OOB' },
    ],
  ])('%j + %j', (current, outcome, expected) => {
    expect(completeChallenge(current, outcome)).toEqual(expected);
  });

  it.each([
    [{ ...sms, result: 'SUCCESS', challengeStatus: 'SUCCESS' }, { otp: '123456' }],
    [oob, { otp: '123456' }],
    [sms, { response: 'APPROVE' as const }],
  ])('refuses %j + %j', (current, outcome) => {
    expect(() => completeChallenge(current, outcome)).toThrow(DomainError);
  });
});
