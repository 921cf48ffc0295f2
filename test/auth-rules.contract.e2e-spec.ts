import { describe, expect, it } from '@jest/globals';
import Lithic from 'lithic';
import { accountsWithCards, UNKNOWN_TOKEN } from './support/authorizer.js';
import { errorBody, failure } from './support/http.js';
import { testDatabase, useSandbox } from './support/sandbox.js';
import { expectMatchesSpec } from './support/spec.js';

const RULE = '/v2/auth_rules/{auth_rule_token}';
const blockMcc = (mccs: string[]) => ({
  conditions: [{ attribute: 'MCC' as const, operation: 'IS_ONE_OF' as const, value: mccs }],
});

async function expectBadRequest(promise: PromiseLike<unknown>, field: RegExp): Promise<void> {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(Lithic.BadRequestError);
  expectMatchesSpec(errorBody(error), '/v2/auth_rules', 'post', 400);
  expect(errorBody(error).message).toMatch(field);
}

describe(`Auth Rules v2 through the official SDK on the ${testDatabase()} database`, () => {
  const sandbox = useSandbox();
  const accountWithCard = accountsWithCards(sandbox);

  it('creates a rule as a draft (version 1), retrieves it, and lists it', async () => {
    const { client, card } = await accountWithCard();
    const created = await client.authRules.v2.create({
      type: 'CONDITIONAL_BLOCK',
      card_tokens: [card.token],
      name: 'no gambling',
      parameters: blockMcc(['7995']),
    });
    expectMatchesSpec(created, '/v2/auth_rules', 'post', 201);
    expect(created).toMatchObject({
      state: 'ACTIVE',
      type: 'CONDITIONAL_BLOCK',
      event_stream: 'AUTHORIZATION',
      name: 'no gambling',
      card_tokens: [card.token],
      account_tokens: [],
      program_level: false,
      current_version: null,
      draft_version: { version: 1, parameters: blockMcc(['7995']), state: 'SHADOWING', error: null },
      lithic_managed: false,
    });
    const got = await client.authRules.v2.retrieve(created.token);
    expectMatchesSpec(got, RULE, 'get');
    expect(got).toEqual(created);
    const page = await client.authRules.v2.list();
    expectMatchesSpec({ data: page.data, has_more: page.has_more }, '/v2/auth_rules', 'get');
    expect(page.data.map((r) => r.token)).toEqual([created.token]);
    expect((await client.authRules.v2.list({ card_token: card.token })).data).toHaveLength(1);
    expect((await client.authRules.v2.list({ scope: 'PROGRAM' })).data).toHaveLength(0);
    expect(
      (await client.authRules.v2.list({ event_streams: ['THREE_DS_AUTHENTICATION'] })).data,
    ).toHaveLength(0);
  });

  it('promotes the draft to the current version, drafts version 2, and lists the versions newest first', async () => {
    const { client, accountToken } = await sandbox.newAccount();
    const rule = await client.authRules.v2.create({
      type: 'VELOCITY_LIMIT',
      account_tokens: [accountToken],
      parameters: { scope: 'CARD', period: { type: 'DAY' }, limit_count: 3 },
    });
    const promoted = await client.authRules.v2.promote(rule.token);
    expectMatchesSpec(promoted, '/v2/auth_rules/{auth_rule_token}/promote', 'post');
    expect(promoted.current_version).toEqual({
      version: 1,
      parameters: { scope: 'CARD', period: { type: 'DAY' }, limit_count: 3 },
    });
    expect(promoted.draft_version).toBeNull();
    const drafted = await client.authRules.v2.draft(rule.token, {
      parameters: { scope: 'CARD', period: { type: 'CUSTOM', duration: 3600 }, limit_amount: 10000 },
    });
    expectMatchesSpec(drafted, '/v2/auth_rules/{auth_rule_token}/draft', 'post');
    expect(drafted.current_version?.version).toBe(1);
    expect(drafted.draft_version?.version).toBe(2);
    const versions = await client.authRules.v2.listVersions(rule.token);
    expectMatchesSpec(versions, '/v2/auth_rules/{auth_rule_token}/versions', 'get');
    expect(versions.data.map((v) => [v.version, v.state])).toEqual([
      [2, 'SHADOW'],
      [1, 'ACTIVE'],
    ]);
    const discarded = await client.authRules.v2.draft(rule.token, { parameters: null });
    expect(discarded.draft_version).toBeNull();
    await expectBadRequest(client.authRules.v2.promote(rule.token), /no draft/);
  });

  it('deactivates with PATCH, rescopes to the program with exclusions, and deletes with 204', async () => {
    const { client, card } = await accountWithCard();
    const rule = await client.authRules.v2.create({
      type: 'MERCHANT_LOCK',
      card_tokens: [card.token],
      parameters: { merchants: [{ descriptor: 'ONLY HERE' }] },
    });
    const updated = await client.authRules.v2.update(rule.token, {
      state: 'INACTIVE',
      name: 'renamed',
      program_level: true,
      excluded_card_tokens: [card.token],
    });
    expectMatchesSpec(updated, RULE, 'patch');
    expect(updated).toMatchObject({
      state: 'INACTIVE',
      name: 'renamed',
      program_level: true,
      card_tokens: [],
      excluded_card_tokens: [card.token],
    });
    const { response } = await client.authRules.v2.delete(rule.token).withResponse();
    expect(response.status).toBe(204);
    await expect(failure(client.authRules.v2.retrieve(rule.token))).resolves.toBeInstanceOf(
      Lithic.NotFoundError,
    );
    await expect(failure(client.authRules.v2.delete(rule.token))).resolves.toBeInstanceOf(
      Lithic.NotFoundError,
    );
  });

  it("answers another account's rule, and an unknown one, with a 404", async () => {
    const { client } = await sandbox.newAccount();
    const other = await sandbox.newAccount();
    const theirs = await other.client.authRules.v2.create({
      type: 'CONDITIONAL_BLOCK',
      parameters: blockMcc(['5411']),
    });
    for (const token of [theirs.token, UNKNOWN_TOKEN]) {
      const error = await failure(client.authRules.v2.retrieve(token));
      expect(error).toBeInstanceOf(Lithic.NotFoundError);
      expectMatchesSpec(errorBody(error), RULE, 'get', 404);
      await expect(failure(client.authRules.v2.promote(token))).resolves.toBeInstanceOf(Lithic.NotFoundError);
    }
    expect((await client.authRules.v2.list()).data).toEqual([]);
  });

  it.each([
    [
      'an attribute a simulated charge does not carry',
      {
        type: 'CONDITIONAL_BLOCK',
        parameters: {
          conditions: [{ attribute: 'ADDRESS_MATCH', operation: 'IS_ONE_OF', value: ['MATCH'] }],
        },
      },
      /parameters\.conditions\[0\]\.attribute: ADDRESS_MATCH/,
    ],
    [
      'a count attribute',
      {
        type: 'CONDITIONAL_ACTION',
        parameters: {
          action: 'DECLINE',
          conditions: [{ attribute: 'CARD_TRANSACTION_COUNT_1H', operation: 'IS_GREATER_THAN', value: 3 }],
        },
      },
      /CARD_TRANSACTION_COUNT_1H/,
    ],
    [
      'a list operation on a number',
      {
        type: 'CONDITIONAL_BLOCK',
        parameters: {
          conditions: [{ attribute: 'TRANSACTION_AMOUNT', operation: 'IS_ONE_OF', value: ['1'] }],
        },
      },
      /conditions\[0\]\.operation: IS_ONE_OF does not apply to TRANSACTION_AMOUNT/,
    ],
    [
      'a string for IS_ONE_OF',
      {
        type: 'CONDITIONAL_BLOCK',
        parameters: { conditions: [{ attribute: 'MCC', operation: 'IS_ONE_OF', value: '7995' }] },
      },
      /conditions\[0\]\.value/,
    ],
    [
      'a bad regular expression',
      {
        type: 'CONDITIONAL_BLOCK',
        parameters: { conditions: [{ attribute: 'DESCRIPTOR', operation: 'MATCHES', value: '(' }] },
      },
      /value: is not a valid regular expression/,
    ],
    [
      'a velocity limit without a limit',
      { type: 'VELOCITY_LIMIT', parameters: { scope: 'CARD', period: { type: 'DAY' } } },
      /at least one of limit_amount/,
    ],
    [
      'a too-short custom window',
      {
        type: 'VELOCITY_LIMIT',
        parameters: { scope: 'CARD', period: { type: 'CUSTOM', duration: 5 }, limit_count: 1 },
      },
      /period\.duration/,
    ],
    [
      'a merchant with neither id nor descriptor',
      { type: 'MERCHANT_LOCK', parameters: { merchants: [{ comment: 'x' }] } },
      /merchants\[0\]: needs a merchant_id or a descriptor/,
    ],
    [
      'an unknown parameter',
      { type: 'MERCHANT_LOCK', parameters: { merchants: [{ descriptor: 'A' }], extra: 1 } },
      /parameters\.extra/,
    ],
    ['a TypeScript rule', { type: 'TYPESCRIPT_CODE', parameters: {} }, /type/],
    [
      'a 3DS velocity limit',
      {
        type: 'VELOCITY_LIMIT',
        event_stream: 'THREE_DS_AUTHENTICATION',
        parameters: { scope: 'CARD', period: { type: 'DAY' }, limit_count: 1 },
      },
      /event_stream/,
    ],
    [
      'an ACH stream',
      { type: 'CONDITIONAL_ACTION', event_stream: 'ACH_CREDIT_RECEIPT', parameters: {} },
      /event_stream/,
    ],
    [
      'another account',
      { type: 'CONDITIONAL_BLOCK', account_tokens: [UNKNOWN_TOKEN], parameters: blockMcc(['1234']) },
      /account_tokens/,
    ],
    [
      'an unknown card',
      { type: 'CONDITIONAL_BLOCK', card_tokens: [UNKNOWN_TOKEN], parameters: blockMcc(['1234']) },
      /card_tokens: .* is not a card of this account/,
    ],
    [
      'two scopes',
      {
        type: 'CONDITIONAL_BLOCK',
        program_level: true,
        account_tokens: [UNKNOWN_TOKEN],
        parameters: blockMcc(['1234']),
      },
      /only one/,
    ],
    [
      'a business account',
      { type: 'CONDITIONAL_BLOCK', business_account_tokens: [UNKNOWN_TOKEN], parameters: blockMcc(['1234']) },
      /business_account_tokens/,
    ],
  ])('refuses %s with a 400 naming the field', async (_what, body, field) => {
    const { client } = await sandbox.newAccount();
    await expectBadRequest(
      client.authRules.v2.create(body as unknown as Lithic.AuthRules.V2CreateParams),
      field,
    );
  });

  it('refuses a draft whose parameters do not fit the rule type, naming the field', async () => {
    const { client } = await sandbox.newAccount();
    const rule = await client.authRules.v2.create({
      type: 'CONDITIONAL_BLOCK',
      parameters: blockMcc(['7995']),
    });
    await expectBadRequest(
      client.authRules.v2.draft(rule.token, { parameters: { merchants: [{ descriptor: 'A' }] } }),
      /parameters\.merchants/,
    );
  });
});
