import { describe, expect, it } from '@jest/globals';
import {
  evaluateRules,
  type AuthRuleEventStream,
  type RuleParameters,
  type RuleSubject,
} from './auth-rules.js';
import { RuleSet, type ScopedRuleVersion } from './rule-set.js';

const CARD = 'card-1';
const OTHER_CARD = 'card-2';
const ACCOUNT = 'account-1';

let next = 0;
function rule(scope: Partial<ScopedRuleVersion> = {}): ScopedRuleVersion {
  next++;
  return {
    token: `rule-${next}`,
    version: 1,
    name: null,
    type: 'CONDITIONAL_BLOCK',
    eventStream: 'AUTHORIZATION',
    parameters: { conditions: [{ attribute: 'MCC', operation: 'IS_ONE_OF', value: ['5933'] }] },
    programLevel: false,
    cardTokens: [],
    accountTokens: [],
    excludedCardTokens: [],
    excludedAccountTokens: [],
    ...scope,
  } as ScopedRuleVersion;
}

const tokens = (set: RuleSet, stream: AuthRuleEventStream = 'AUTHORIZATION', card = CARD) =>
  set.for(stream, card, ACCOUNT).map((r) => r.token);

describe('RuleSet: which of an account’s promoted rules apply to a card', () => {
  const program = rule({ programLevel: true });
  const onAccount = rule({ accountTokens: [ACCOUNT] });
  const onCard = rule({ cardTokens: [CARD] });
  const onOtherCard = rule({ cardTokens: [OTHER_CARD] });
  const onBothCards = rule({ cardTokens: [CARD, OTHER_CARD] });

  it.each([
    ['program level', program, true],
    ['the account', onAccount, true],
    ['the card', onCard, true],
    ['another card only', onOtherCard, false],
    ['the card among others', onBothCards, true],
    ['program level, the card excluded', rule({ programLevel: true, excludedCardTokens: [CARD] }), false],
    [
      'program level, another card excluded',
      rule({ programLevel: true, excludedCardTokens: [OTHER_CARD] }),
      true,
    ],
    [
      'program level, the account excluded',
      rule({ programLevel: true, excludedAccountTokens: [ACCOUNT] }),
      false,
    ],
    ['the account, the card excluded', rule({ accountTokens: [ACCOUNT], excludedCardTokens: [CARD] }), false],
    ['another account', rule({ accountTokens: ['account-2'] }), false],
  ])('a rule scoped to %s applies: %s', (_scope, scoped, applies) => {
    expect(tokens(new RuleSet([scoped]))).toEqual(applies ? [scoped.token] : []);
  });

  it('keeps only the stream asked for', () => {
    const threeDs = rule({ programLevel: true, eventStream: 'THREE_DS_AUTHENTICATION' });
    const set = new RuleSet([program, threeDs]);
    expect(tokens(set)).toEqual([program.token]);
    expect(tokens(set, 'THREE_DS_AUTHENTICATION')).toEqual([threeDs.token]);
  });

  it('runs rules of every scope oldest first, each once', () => {
    const set = new RuleSet([onCard, program, onOtherCard, onBothCards, onAccount]);
    expect(tokens(set)).toEqual([onCard.token, program.token, onBothCards.token, onAccount.token]);
    expect(tokens(set, 'AUTHORIZATION', OTHER_CARD)).toEqual([
      program.token,
      onOtherCard.token,
      onBothCards.token,
      onAccount.token,
    ]);
  });

  it('answers the same for a card asked twice, and nothing for an account with no rules', () => {
    const set = new RuleSet([onCard, program]);
    expect(tokens(set)).toEqual(tokens(set));
    expect(set.size).toBe(2);
    expect(tokens(RuleSet.EMPTY)).toEqual([]);
  });
});

describe('every rule type under every scope: applies where its scope says, and acts on the charge', () => {
  const charge: RuleSubject = {
    mcc: '5933',
    country: 'USA',
    currency: 'USD',
    merchantId: 'M-1',
    descriptor: 'PAWN SHOP',
    amount: 1_000,
    cardState: 'OPEN',
    pinEntered: false,
  };
  // Each type with parameters this charge trips (a velocity limit of 1 already used).
  const types: [ScopedRuleVersion['type'], RuleParameters, string][] = [
    [
      'CONDITIONAL_BLOCK',
      { conditions: [{ attribute: 'MCC', operation: 'IS_ONE_OF', value: ['5933'] }] },
      'DECLINE',
    ],
    [
      'CONDITIONAL_ACTION',
      { conditions: [{ attribute: 'MCC', operation: 'IS_ONE_OF', value: ['5933'] }], action: 'CHALLENGE' },
      'CHALLENGE',
    ],
    ['MERCHANT_LOCK', { merchants: [{ merchant_id: 'M-2' }] }, 'DECLINE'],
    ['VELOCITY_LIMIT', { scope: 'CARD', period: { type: 'DAY' }, limit_count: 1 }, 'DECLINE'],
  ];
  const scopes: [string, Partial<ScopedRuleVersion>, boolean][] = [
    ['program level', { programLevel: true }, true],
    ['the account', { accountTokens: [ACCOUNT] }, true],
    ['the card', { cardTokens: [CARD] }, true],
    ['another card', { cardTokens: [OTHER_CARD] }, false],
    ['program level but the card', { programLevel: true, excludedCardTokens: [CARD] }, false],
  ];
  const cases = types.flatMap(([type, parameters, action]) =>
    scopes.map(([scope, where, applies]) => [type, scope, parameters, where, applies, action] as const),
  );

  it.each(cases)('%s scoped to %s', (type, _scope, parameters, where, applies, action) => {
    const scoped = rule({ type, parameters, ...where });
    const applying = new RuleSet([scoped]).for('AUTHORIZATION', CARD, ACCOUNT);
    const used = { count: 1, amount: 500, cashCount: 0, cashAmount: 0 };
    const { decisive } = evaluateRules(applying, charge, { [scoped.token]: used });
    expect(decisive?.action ?? null).toBe(applies ? action : null);
  });
});
