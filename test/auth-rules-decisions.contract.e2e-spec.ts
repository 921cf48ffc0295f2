import { describe, expect, it } from '@jest/globals';
import type Lithic from 'lithic';
import {
  accountsWithCards,
  approve,
  charge,
  decline,
  expectDeclined,
  retrieve,
} from './support/authorizer.js';
import { testDatabase, useSandbox } from './support/sandbox.js';
import { expectMatchesSpec } from './support/spec.js';

type CreateParams = Lithic.AuthRules.V2CreateParams;

async function promoted(client: Lithic, params: CreateParams): Promise<Lithic.AuthRules.AuthRule> {
  const rule = await client.authRules.v2.create(params);
  return client.authRules.v2.promote(rule.token);
}

const blockMcc = (mccs: string[]) => ({
  conditions: [{ attribute: 'MCC' as const, operation: 'IS_ONE_OF' as const, value: mccs }],
});

describe(`charges decided by Auth Rules v2 on the ${testDatabase()} database`, () => {
  const sandbox = useSandbox();
  const accountWithCard = accountsWithCards(sandbox);

  it('a draft never declines; once promoted it declines, naming the rule, its version and the condition', async () => {
    const { client, card } = await accountWithCard();
    const rule = await client.authRules.v2.create({
      type: 'CONDITIONAL_BLOCK',
      card_tokens: [card.token],
      name: 'no casinos',
      parameters: blockMcc(['7995']),
    });
    const shadowed = await approve(client, { ...charge(card, 500, 'CASINO'), mcc: '7995' });
    await client.authRules.v2.promote(rule.token);
    await approve(client, { ...charge(card, 500, 'GROCER'), mcc: '5411' });
    const { token, message } = await decline(client, { ...charge(card, 500, 'CASINO'), mcc: '7995' });
    expect(message).toMatch(new RegExp(`"no casinos" ${rule.token} \\(version 1\\)`));
    expect(message).toMatch(/MCC IS_ONE_OF \[7995\]/);
    const transaction = await expectDeclined(client, token, 'UNAUTHORIZED_MERCHANT', 'AUTH_RULE_BLOCKED_MCC');
    expect(transaction.events![0].rule_results[0]).toMatchObject({
      auth_rule_token: rule.token,
      name: 'no casinos',
      result: 'AUTH_RULE_BLOCKED_MCC',
    });
    const results = await client.authRules.v2.listResults({ auth_rule_token: rule.token });
    expectMatchesSpec({ data: results.data, has_more: results.has_more }, '/v2/auth_rules/results', 'get');
    // Newest first: the decline, the approval, and the draft's shadow evaluation of the first charge.
    expect(results.data.map((r) => [r.transaction_token, r.mode, r.actions.length])).toEqual([
      [token, 'ACTIVE', 1],
      [expect.any(String), 'ACTIVE', 0],
      [shadowed, 'INACTIVE', 1],
    ]);
    expect(results.data[0]).toMatchObject({
      auth_rule_token: rule.token,
      rule_version: 1,
      mode: 'ACTIVE',
      event_stream: 'AUTHORIZATION',
      event_token: transaction.events![0].token,
      actions: [{ type: 'DECLINE', code: 'AUTH_RULE_BLOCKED_MCC' }],
    });
    const byEvent = await client.authRules.v2.listResults({ event_token: transaction.events![0].token });
    expect(byEvent.data).toHaveLength(1);
  });

  it('runs a draft in shadow beside the current version: recorded with mode INACTIVE, deciding nothing', async () => {
    const { client, card } = await accountWithCard();
    const rule = await promoted(client, {
      type: 'CONDITIONAL_BLOCK',
      card_tokens: [card.token],
      parameters: blockMcc(['7995']),
    });
    await client.authRules.v2.draft(rule.token, { parameters: blockMcc(['5812']) });
    const velocity = await client.authRules.v2.create({
      type: 'VELOCITY_LIMIT',
      card_tokens: [card.token],
      parameters: { scope: 'CARD', period: { type: 'DAY' }, limit_count: 1 },
    });
    // Version 2 would decline the restaurant; version 1 decides, and lets it through.
    const first = await approve(client, { ...charge(card, 500, 'RESTAURANT'), mcc: '5812' });
    const second = await approve(client, { ...charge(card, 500, 'RESTAURANT'), mcc: '5812' });
    const declined = (await decline(client, { ...charge(card, 500, 'CASINO'), mcc: '7995' })).token;
    const page = await client.authRules.v2.listResults({ auth_rule_token: rule.token });
    expectMatchesSpec({ data: page.data, has_more: page.has_more }, '/v2/auth_rules/results', 'get');
    const rows = page.data.map((r) => [
      r.transaction_token,
      r.rule_version,
      r.mode,
      r.actions.map((a) => a.type),
    ]);
    expect(rows).toEqual(
      expect.arrayContaining([
        [first, 1, 'ACTIVE', []],
        [first, 2, 'INACTIVE', ['DECLINE']],
        [second, 2, 'INACTIVE', ['DECLINE']],
        [declined, 1, 'ACTIVE', ['DECLINE']],
        [declined, 2, 'INACTIVE', []],
      ]),
    );
    expect(rows).toHaveLength(6);
    expect(new Set(page.data.map((r) => r.token)).size).toBe(6);
    // The never-promoted velocity limit of one a day counted in shadow: the second charge would
    // have been its second, so it would have declined it.
    const shadow = await client.authRules.v2.listResults({ auth_rule_token: velocity.token });
    expect(shadow.data.map((r) => [r.transaction_token, r.mode, r.actions.map((a) => a.type)])).toEqual(
      expect.arrayContaining([
        [first, 'INACTIVE', []],
        [second, 'INACTIVE', ['DECLINE']],
      ]),
    );
    const report = await client.authRules.v2.retrieveReport(rule.token, {
      begin: new Date().toISOString().slice(0, 10),
      end: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
    });
    const versions = report.daily_statistics.flatMap((d) => d.versions ?? []);
    expect(versions).toEqual(
      expect.arrayContaining([expect.objectContaining({ version: 2, state: 'SHADOW' })]),
    );
  });

  it('results: one stored row per event however many rules ran, listed one per rule, paged, filtered, and gone with their rule', async () => {
    const { client, card } = await accountWithCard();
    const rules = [
      await promoted(client, {
        type: 'CONDITIONAL_BLOCK',
        card_tokens: [card.token],
        parameters: blockMcc(['7995']),
      }),
      await promoted(client, {
        type: 'CONDITIONAL_BLOCK',
        card_tokens: [card.token],
        parameters: blockMcc(['1001']),
      }),
      await promoted(client, {
        type: 'CONDITIONAL_BLOCK',
        card_tokens: [card.token],
        parameters: blockMcc(['1002']),
      }),
    ];
    const approved = await approve(client, { ...charge(card, 100), mcc: '5812' });
    const declined = (await decline(client, { ...charge(card, 200), mcc: '7995' })).token;
    const [{ count }] = await sandbox.database.dataSource.query(
      'SELECT count(*)::int AS count FROM auth_rule_evaluations WHERE account_token = $1',
      [card.account_token],
    );
    expect(count).toBe(2);

    const listed = async (params: Lithic.AuthRules.V2ListResultsParams) => {
      const page = await client.authRules.v2.listResults(params);
      expectMatchesSpec({ data: page.data, has_more: page.has_more }, '/v2/auth_rules/results', 'get');
      return page;
    };
    const first = await listed({ auth_rule_token: rules[1].token });
    expect(first.data.map((r) => [r.auth_rule_token, r.transaction_token])).toEqual([
      [rules[1].token, declined],
      [rules[1].token, approved],
    ]);
    const [newest, oldest] = first.data;
    const pageOne = await listed({ auth_rule_token: rules[1].token, page_size: 1 });
    expect([pageOne.data.map((r) => r.token), pageOne.has_more]).toEqual([[newest.token], true]);
    const pageTwo = await listed({
      auth_rule_token: rules[1].token,
      page_size: 1,
      starting_after: newest.token,
    });
    expect([pageTwo.data.map((r) => r.token), pageTwo.has_more]).toEqual([[oldest.token], false]);
    const back = await listed({ auth_rule_token: rules[1].token, page_size: 1, ending_before: oldest.token });
    expect(back.data.map((r) => r.token)).toEqual([newest.token]);

    const byEvent = await listed({ event_token: newest.event_token });
    expect(new Set(byEvent.data.map((r) => r.auth_rule_token)).has(rules[0].token)).toBe(true);
    const withActions = await listed({ event_token: newest.event_token, has_actions: true });
    expect(withActions.data.map((r) => [r.auth_rule_token, r.actions[0]?.type])).toEqual([
      [rules[0].token, 'DECLINE'],
    ]);
    const withoutActions = await listed({ auth_rule_token: rules[0].token, has_actions: false });
    expect(withoutActions.data.map((r) => r.transaction_token)).toEqual([approved]);

    await client.authRules.v2.delete(rules[0].token);
    expect((await listed({ auth_rule_token: rules[0].token })).data).toEqual([]);
    expect(
      (await listed({ event_token: newest.event_token })).data.map((r) => r.auth_rule_token),
    ).not.toContain(rules[0].token);
    expect((await listed({ auth_rule_token: rules[2].token })).data).toHaveLength(2);
  });

  it('the card’s own state and limits decide before any rule', async () => {
    const { client, card } = await accountWithCard({
      spend_limit: 1000,
      spend_limit_duration: 'TRANSACTION',
    });
    await promoted(client, {
      type: 'CONDITIONAL_BLOCK',
      card_tokens: [card.token],
      parameters: blockMcc(['7995']),
    });
    const overLimit = await decline(client, { ...charge(card, 2000), mcc: '7995' });
    await expectDeclined(client, overLimit.token, 'USER_TRANSACTION_LIMIT', 'CARD_SPEND_LIMIT_EXCEEDED');
    await client.cards.update(card.token, { state: 'PAUSED' });
    const paused = await decline(client, { ...charge(card, 500), mcc: '7995' });
    await expectDeclined(client, paused.token, 'CARD_PAUSED', 'CARD_PAUSED');
  });

  it('applies account-level and program-level rules to every card, except an excluded one', async () => {
    const { client, card, accountToken } = await accountWithCard();
    const other = await client.cards.create({ type: 'VIRTUAL' });
    await promoted(client, {
      type: 'CONDITIONAL_ACTION',
      account_tokens: [accountToken],
      parameters: {
        action: 'DECLINE',
        conditions: [{ attribute: 'COUNTRY', operation: 'IS_ONE_OF', value: ['PRK'] }],
      },
    });
    await promoted(client, {
      type: 'CONDITIONAL_BLOCK',
      program_level: true,
      excluded_card_tokens: [other.token],
      parameters: {
        conditions: [{ attribute: 'TRANSACTION_AMOUNT', operation: 'IS_GREATER_THAN', value: 10_000 }],
      },
    });
    for (const c of [card, other]) {
      const { token } = await decline(client, { ...charge(c, 100), merchant_acceptor_country: 'PRK' });
      await expectDeclined(client, token, 'UNAUTHORIZED_MERCHANT', 'AUTH_RULE_BLOCKED_COUNTRY');
    }
    const big = await decline(client, charge(card, 10_001));
    await expectDeclined(client, big.token, 'UNAUTHORIZED_MERCHANT', 'AUTH_RULE');
    await approve(client, charge(other, 10_001));
    await approve(client, charge(card, 10_000));
  });

  it('a velocity limit counts approved charges in its window, and an inactive rule decides nothing', async () => {
    const { client, card } = await accountWithCard();
    const rule = await promoted(client, {
      type: 'VELOCITY_LIMIT',
      card_tokens: [card.token],
      parameters: {
        scope: 'CARD',
        period: { type: 'CUSTOM', duration: 3600 },
        limit_count: 2,
        limit_amount: 1500,
      },
    });
    await approve(client, charge(card, 500));
    await approve(client, charge(card, 500));
    const third = await decline(client, charge(card, 100));
    expect(third.message).toMatch(/2 approved charges .* limit of 2/);
    await expectDeclined(client, third.token, 'USER_TRANSACTION_LIMIT', 'AUTH_RULE');
    await client.authRules.v2.update(rule.token, { state: 'INACTIVE' });
    await approve(client, charge(card, 100));
  });

  it('a velocity limit by amount, counting only the MCCs it includes', async () => {
    const { client, card } = await accountWithCard();
    await promoted(client, {
      type: 'VELOCITY_LIMIT',
      card_tokens: [card.token],
      parameters: {
        scope: 'CARD',
        period: { type: 'DAY' },
        limit_amount: 1000,
        filters: { include_mccs: ['5812'] },
      },
    });
    await approve(client, { ...charge(card, 800), mcc: '5812' });
    await approve(client, { ...charge(card, 5000), mcc: '5411' });
    const { message } = await decline(client, { ...charge(card, 300), mcc: '5812' });
    expect(message).toMatch(/800 cents approved .* plus 300 would exceed its limit of 1000 cents/);
  });

  it('a merchant lock rule declines every other merchant', async () => {
    const { client, card } = await accountWithCard();
    await promoted(client, {
      type: 'MERCHANT_LOCK',
      card_tokens: [card.token],
      parameters: { merchants: [{ merchant_id: 'ACME-1' }, { descriptor: 'CORNER SHOP' }] },
    });
    await approve(client, { ...charge(card, 100, 'ANYTHING'), merchant_acceptor_id: 'ACME-1' });
    await approve(client, charge(card, 100, 'CORNER SHOP'));
    const { token } = await decline(client, charge(card, 100, 'ELSEWHERE'));
    const declined = await retrieve(client, token);
    expect(declined.events![0].rule_results[0].explanation).toMatch(/locked to ACME-1, CORNER SHOP/);
  });

  it('a CHALLENGE action declines the charge as CARDHOLDER_CHALLENGED', async () => {
    const { client, card } = await accountWithCard();
    await promoted(client, {
      type: 'CONDITIONAL_ACTION',
      card_tokens: [card.token],
      parameters: {
        action: 'CHALLENGE',
        conditions: [{ attribute: 'DESCRIPTOR', operation: 'MATCHES', value: '^RISKY' }],
      },
    });
    const { token } = await decline(client, charge(card, 100, 'RISKY BUSINESS'));
    await expectDeclined(client, token, 'DECLINED', 'CARDHOLDER_CHALLENGED');
    await approve(client, charge(card, 100, 'SAFE BUSINESS'));
  });

  it('never declines a refund: credits pass every rule', async () => {
    const { client, card } = await accountWithCard();
    await promoted(client, {
      type: 'MERCHANT_LOCK',
      card_tokens: [card.token],
      parameters: { merchants: [{ descriptor: 'X' }] },
    });
    await approve(client, { ...charge(card, 100, 'ELSEWHERE'), status: 'CREDIT_AUTHORIZATION' });
  });
});
