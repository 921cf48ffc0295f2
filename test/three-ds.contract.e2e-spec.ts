import { afterAll, describe, expect, it } from '@jest/globals';
import Lithic from 'lithic';
import { Webhook } from 'standardwebhooks';
import { accountsWithCards, UNKNOWN_TOKEN } from './support/authorizer.js';
import { errorBody, failure } from './support/http.js';
import { testDatabase, useSandbox } from './support/sandbox.js';
import { expectMatchesSpec, expectWebhookMatchesSpec } from './support/spec.js';
import { Receiver } from './support/webhooks.js';

const AUTHENTICATION = '/v1/three_ds_authentication/{three_ds_authentication_token}';
const merchant = (
  name = 'COFFEE SHOP',
  over: Partial<Lithic.ThreeDS.AuthenticationSimulateParams.Merchant> = {},
) => ({
  country: 'USA',
  id: 'MERCHANT-1',
  mcc: '5812',
  name,
  ...over,
});

describe(`3-D Secure through the official SDK on the ${testDatabase()} database`, () => {
  const sandbox = useSandbox();
  const accountWithCard = accountsWithCards(sandbox);
  const receivers: Receiver[] = [];
  afterAll(async () => Promise.all(receivers.map((r) => r.stop())));

  async function authenticate(client: Lithic, pan: string, name?: string, extra: object = {}) {
    const { data, response } = await client.threeDS.authentication
      .simulate({ pan, merchant: merchant(name), transaction: { amount: 2500, currency: 'USD' }, ...extra })
      .withResponse();
    expect(response.status).toBe(201);
    expectMatchesSpec(data, '/v1/three_ds_authentication/simulate', 'post', 201);
    const authentication = await client.threeDS.authentication.retrieve(data.token!);
    expectMatchesSpec(authentication, AUTHENTICATION, 'get');
    return authentication;
  }

  it('approves an authentication on an open card, and publishes three_ds_authentication.created', async () => {
    const { client, card } = await accountWithCard();
    const authentication = await authenticate(client, card.pan!);
    expect(authentication).toMatchObject({
      card_token: card.token,
      authentication_result: 'SUCCESS',
      decision_made_by: 'LITHIC_DEFAULT',
      challenge_orchestrated_by: 'NO_CHALLENGE',
      merchant: { name: 'COFFEE SHOP', mcc: '5812', country: 'USA', id: 'MERCHANT-1' },
      transaction: { amount: 2500, currency: 'USD' },
    });
    const events = await client.events.list({ event_types: ['three_ds_authentication.created'] });
    expect(events.data).toHaveLength(1);
    expectWebhookMatchesSpec(
      { event_type: 'three_ds_authentication.created', ...events.data[0].payload },
      'three_ds_authentication.created',
    );
    expect(events.data[0].payload).toMatchObject({ token: authentication.token });
  });

  it.each([
    [
      'a paused card',
      async (client: Lithic, card: Lithic.Card) => client.cards.update(card.token, { state: 'PAUSED' }),
      {},
    ],
    ['a mismatched expiry', async () => undefined, { card_expiry_check: 'MISMATCH' }],
  ])('declines %s', async (_, prepare, extra) => {
    const { client, card } = await accountWithCard();
    await prepare(client, card);
    const authentication = await authenticate(client, card.pan!, 'SHOP', extra);
    expect(authentication).toMatchObject({
      authentication_result: 'DECLINE',
      decision_made_by: 'LITHIC_RULES',
    });
  });

  it('challenges a merchant named CHALLENGE: 123456 completes it, and only one attempt is allowed', async () => {
    const { client, card } = await accountWithCard();
    const challenged = await authenticate(client, card.pan!, 'CHALLENGE SHOP');
    expect(challenged).toMatchObject({
      authentication_result: 'PENDING_CHALLENGE',
      challenge_orchestrated_by: 'LITHIC',
      challenge_metadata: { method_type: 'SMS_OTP', status: 'PENDING' },
    });
    const { response } = await client.threeDS.authentication
      .simulateOtpEntry({ token: challenged.token, otp: '123456' })
      .withResponse();
    expect(response.status).toBe(200);
    const done = await client.threeDS.authentication.retrieve(challenged.token);
    expectMatchesSpec(done, AUTHENTICATION, 'get');
    expect(done).toMatchObject({
      authentication_result: 'SUCCESS',
      challenge_metadata: { status: 'SUCCESS' },
    });
    const again = await failure(
      client.threeDS.authentication.simulateOtpEntry({ token: challenged.token, otp: '123456' }),
    );
    expect(again).toBeInstanceOf(Lithic.BadRequestError);
    expect(errorBody(again).message).toMatch(/token: .*not waiting for a challenge/);
    const updated = await client.events.list({ event_types: ['three_ds_authentication.updated'] });
    expect(updated.data).toHaveLength(1);
    expectWebhookMatchesSpec(
      { event_type: 'three_ds_authentication.updated', ...updated.data[0].payload },
      'three_ds_authentication.updated',
    );
  });

  it('declines a challenge with a wrong code', async () => {
    const { client, card } = await accountWithCard();
    const challenged = await authenticate(client, card.pan!, 'a challenge shop');
    await client.threeDS.authentication.simulateOtpEntry({ token: challenged.token, otp: '000000' });
    expect(await client.threeDS.authentication.retrieve(challenged.token)).toMatchObject({
      authentication_result: 'DECLINE',
      challenge_metadata: { status: 'ATTEMPTS_EXCEEDED' },
    });
  });

  it('runs THREE_DS_AUTHENTICATION rules: CHALLENGE and DECLINE actions, recorded as rule results', async () => {
    const { client, card } = await accountWithCard();
    const challenge = await client.authRules.v2.create({
      type: 'CONDITIONAL_ACTION',
      event_stream: 'THREE_DS_AUTHENTICATION',
      card_tokens: [card.token],
      parameters: {
        action: 'CHALLENGE',
        conditions: [{ attribute: 'TRANSACTION_AMOUNT', operation: 'IS_GREATER_THAN', value: 2000 }],
      },
    });
    await client.authRules.v2.promote(challenge.token);
    const decline = await client.authRules.v2.create({
      type: 'CONDITIONAL_ACTION',
      event_stream: 'THREE_DS_AUTHENTICATION',
      program_level: true,
      parameters: {
        action: 'DECLINE',
        conditions: [{ attribute: 'COUNTRY', operation: 'IS_ONE_OF', value: ['PRK'] }],
      },
    });
    await client.authRules.v2.promote(decline.token);
    const challenged = await authenticate(client, card.pan!);
    expect(challenged).toMatchObject({
      authentication_result: 'PENDING_CHALLENGE',
      decision_made_by: 'CUSTOMER_RULES',
    });
    const results = await client.authRules.v2.listResults({ event_token: challenged.token });
    expectMatchesSpec({ data: results.data, has_more: results.has_more }, '/v2/auth_rules/results', 'get');
    expect(
      results.data.map((r) => [r.auth_rule_token, r.event_stream, r.actions.map((a) => a.type)]),
    ).toEqual(
      expect.arrayContaining([
        [challenge.token, 'THREE_DS_AUTHENTICATION', ['CHALLENGE']],
        [decline.token, 'THREE_DS_AUTHENTICATION', []],
      ]),
    );
    const data = await client.threeDS.authentication.simulate({
      pan: card.pan!,
      merchant: merchant('SHOP', { country: 'PRK' }),
      transaction: { amount: 100, currency: 'USD' },
    });
    expect((await client.threeDS.authentication.retrieve(data.token!)).authentication_result).toBe('DECLINE');
    // A draft runs in shadow: it would decline everything from PRK or USA, and decides nothing.
    await client.authRules.v2.draft(decline.token, {
      parameters: {
        action: 'DECLINE',
        conditions: [{ attribute: 'COUNTRY', operation: 'IS_ONE_OF', value: ['PRK', 'USA'] }],
      },
    });
    const shadowed = await authenticate(client, card.pan!, 'SHOP', {
      transaction: { amount: 100, currency: 'USD' },
    });
    expect(shadowed.authentication_result).toBe('SUCCESS');
    const shadow = await client.authRules.v2.listResults({ event_token: shadowed.token });
    expect(shadow.data.map((r) => [r.rule_version, r.mode, r.actions.map((a) => a.type)])).toEqual(
      expect.arrayContaining([
        [1, 'ACTIVE', []],
        [2, 'INACTIVE', ['DECLINE']],
      ]),
    );
    // An authorization rule never runs on a 3DS authentication.
    expect(
      (await client.authRules.v2.list({ event_streams: ['THREE_DS_AUTHENTICATION'] })).data,
    ).toHaveLength(2);
  });

  it("asks the account's 3DS decisioning endpoint, signed with the 3DS secret; an out-of-band challenge ends with challenge_response", async () => {
    const { client, card } = await accountWithCard();
    let decision = 'APPROVE';
    const endpoint = await Receiver.start(() => ({
      status: 200,
      body: JSON.stringify({ three_ds_authentication_decision: decision }),
    }));
    receivers.push(endpoint);
    await client.responderEndpoints.create({ type: 'THREE_DS_DECISIONING', url: endpoint.url });
    const { secret } = await client.threeDS.decisioning.retrieveSecret();
    expectMatchesSpec({ secret }, '/v1/three_ds_decisioning/secret', 'get');
    expect((await authenticate(client, card.pan!)).decision_made_by).toBe('CUSTOMER_ENDPOINT');
    const asked = endpoint.deliveries[0];
    expect(() =>
      new Webhook(secret!).verify(asked.body, asked.headers as Record<string, string>),
    ).not.toThrow();
    expectMatchesSpec(asked.json, AUTHENTICATION, 'get');

    decision = 'DECLINE';
    expect((await authenticate(client, card.pan!)).authentication_result).toBe('DECLINE');
    decision = 'CHALLENGE_REQUESTED';
    const challenged = await authenticate(client, card.pan!);
    expect(challenged).toMatchObject({
      authentication_result: 'PENDING_CHALLENGE',
      challenge_orchestrated_by: 'CUSTOMER',
      challenge_metadata: { method_type: 'OUT_OF_BAND', status: 'PENDING' },
    });
    const challengeEvents = await client.events.list({ event_types: ['three_ds_authentication.challenge'] });
    expectWebhookMatchesSpec(
      { event_type: 'three_ds_authentication.challenge', ...challengeEvents.data[0].payload },
      'three_ds_authentication.challenge',
    );
    await expect(
      failure(client.threeDS.authentication.simulateOtpEntry({ token: challenged.token, otp: '123456' })),
    ).resolves.toBeInstanceOf(Lithic.BadRequestError);
    await client.threeDS.decisioning.challengeResponse({
      token: challenged.token,
      challenge_response: 'DECLINE_BY_CUSTOMER',
    });
    expect(await client.threeDS.authentication.retrieve(challenged.token)).toMatchObject({
      authentication_result: 'DECLINE',
      challenge_metadata: { status: 'CANCELED_OOB' },
    });

    await client.threeDS.decisioning.rotateSecret();
    expect((await client.threeDS.decisioning.retrieveSecret()).secret).not.toBe(secret);
    // The auth stream's secret is another one.
    expect((await client.authStreamEnrollment.retrieveSecret()).secret).not.toBe(secret);
  });

  it("answers an unknown PAN with a 400, and another account's authentication with a 404", async () => {
    const { client, card } = await accountWithCard();
    const other = await sandbox.newAccount();
    const error = await failure(
      other.client.threeDS.authentication.simulate({
        pan: card.pan!,
        merchant: merchant(),
        transaction: { amount: 1, currency: 'USD' },
      }),
    );
    expect(error).toBeInstanceOf(Lithic.BadRequestError);
    expect(errorBody(error).message).toMatch(/^pan: /);
    const mine = await authenticate(client, card.pan!);
    for (const token of [mine.token, UNKNOWN_TOKEN]) {
      const missing = await failure(other.client.threeDS.authentication.retrieve(token));
      expect(missing).toBeInstanceOf(Lithic.NotFoundError);
      expectMatchesSpec(errorBody(missing), AUTHENTICATION, 'get', 404);
    }
    const bad = await failure(
      client.threeDS.authentication.simulate({
        pan: card.pan!,
        merchant: { ...merchant(), mcc: '58' },
        transaction: { amount: 1, currency: 'USD' },
      }),
    );
    expect(errorBody(bad).message).toMatch(/merchant\.mcc/);
  });
});
