import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type Lithic from 'lithic';
import {
  POSTGRES_URL,
  SLOW_MS,
  startSandbox,
  testDatabase,
  useSandbox,
  type TestAccount,
  type TestSandbox,
} from './support/sandbox.js';

type Json = Record<string, unknown>;

async function call(url: string, authorization: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as Json };
}

const snapshotOf = async (sandbox: TestSandbox, account: TestAccount) => {
  const answer = await call(sandbox.url, account.apiKey, 'POST', '/sandbox/snapshot');
  expect(answer.status).toBe(200);
  return answer.body;
};
const restore = (sandbox: TestSandbox, account: TestAccount, snapshot: unknown) =>
  call(sandbox.url, account.apiKey, 'POST', '/sandbox/restore', snapshot);
const charge = (client: Lithic, pan: string, amount: number, mcc?: string) =>
  client.transactions.simulateAuthorization({ amount, descriptor: 'FIXTURE SHOP', pan, mcc });
/** Privacy's own routes take the key in the `api-key` form only. */
const privacy = (sandbox: TestSandbox, account: TestAccount, method: string, path: string, body?: unknown) =>
  call(sandbox.url, `api-key ${account.apiKey}`, method, path, body);
const CASINO = '7995';
const addBank = (sandbox: TestSandbox, account: TestAccount) =>
  privacy(sandbox, account, 'POST', '/v1/fundingsource/bank', {
    routing_number: '021000021',
    account_number: '123456789',
    account_name: 'x',
  });

/** The rules, their versions, results and backtests, the added funding sources and 3DS authentications. */
async function laterReads(
  sandbox: TestSandbox,
  account: TestAccount,
  threeDs: string[],
  backtests: string[][],
) {
  const { client } = account;
  const rules = (await client.authRules.v2.list({ page_size: 100 })).data;
  const funding = (await privacy(sandbox, account, 'GET', '/v1/fundingsource')).body as unknown as Json[];
  // The default source is derived from the account (its token a UUIDv5 of the account's), never stored.
  const derived = funding[0].token;
  const privacyCards = (await privacy(sandbox, account, 'GET', '/v1/card?page_size=100')).body.data as Json[];
  return {
    rules,
    retrieved: await Promise.all(rules.map((rule) => client.authRules.v2.retrieve(rule.token))),
    versions: await Promise.all(rules.map((rule) => client.authRules.v2.listVersions(rule.token))),
    results: (await client.authRules.v2.listResults({ page_size: 100 })).data,
    backtests: await Promise.all(
      backtests.map(([rule, token]) =>
        client.authRules.v2.backtests.retrieve(token, { auth_rule_token: rule }),
      ),
    ),
    funding: funding.slice(1),
    cardFunding: privacyCards.map((card) => {
      const source = (card.funding as Json).token;
      return [card.token, source === derived ? 'DEFAULT' : source];
    }),
    threeDs: await Promise.all(threeDs.map((token) => client.threeDS.authentication.retrieve(token))),
    threeDsSecret: await client.threeDS.decisioning.retrieveSecret(),
  };
}

/** Everything a test suite reads of its account, through the official SDK (and the clock route). */
async function reads(sandbox: TestSandbox, account: TestAccount, later?: Later) {
  const { client } = account;
  const cards = (await client.cards.list({ page_size: 100 })).data;
  const subscriptions = (await client.events.subscriptions.list({ page_size: 100 })).data;
  const clock = await call(sandbox.url, account.apiKey, 'GET', '/sandbox/clock');
  return {
    account: await client.accounts.retrieve(account.accountToken),
    cards,
    revealed: await Promise.all(cards.map((card) => client.cards.retrieve(card.token))),
    transactions: (await client.transactions.list({ page_size: 100 })).data,
    events: (await client.events.list({ page_size: 100 })).data,
    subscriptions,
    secrets: await Promise.all(subscriptions.map((s) => client.events.subscriptions.retrieveSecret(s.token))),
    responder: await client.responderEndpoints.checkStatus({ type: 'AUTH_STREAM_ACCESS' }),
    authStreamSecret: await client.authStreamEnrollment.retrieveSecret(),
    offset: clock.body.offset_seconds,
    ...(later ? await laterReads(sandbox, account, later.threeDs, later.backtests) : {}),
  };
}

type Later = { threeDs: string[]; backtests: string[][] };

/**
 * What came after snapshots were first made (version 2): an account-wide rule blocking casinos,
 * promoted with a newer draft, a card's draft rule, a charge it declined and a backtest; a bank
 * funding source and a card funded from it; a 3DS authentication.
 */
async function fillLater(
  sandbox: TestSandbox,
  account: TestAccount,
  pan: string,
  cardToken: string,
): Promise<Later> {
  const { client } = account;
  const block = (mcc: string) => ({
    conditions: [{ attribute: 'MCC' as const, operation: 'IS_ONE_OF' as const, value: [mcc] }],
  });
  const casinos = await client.authRules.v2.create({
    type: 'CONDITIONAL_BLOCK',
    account_tokens: [account.accountToken],
    name: 'no casinos',
    parameters: block(CASINO),
  });
  await client.authRules.v2.promote(casinos.token);
  await client.authRules.v2.draft(casinos.token, { parameters: block('5933') });
  const draft = await client.authRules.v2.create({
    type: 'CONDITIONAL_BLOCK',
    card_tokens: [cardToken],
    parameters: block('5411'),
  });
  await expect(charge(client, pan, 100, CASINO)).rejects.toMatchObject({ status: 422 });
  const backtest = await client.authRules.v2.backtests.create(casinos.token, {
    start: new Date(Date.now() - 86_400_000).toISOString(),
    end: new Date(Date.now() + 60_000).toISOString(),
  });
  const bank = await addBank(sandbox, account);
  expect(bank.status).toBe(200);
  const funded = await privacy(sandbox, account, 'POST', '/v1/card', {
    type: 'UNLOCKED',
    funding_token: bank.body.token,
  });
  expect(funded.body.funding).toMatchObject({ token: bank.body.token });
  const authentication = await client.threeDS.authentication.simulate({
    pan,
    merchant: { id: 'M1', country: 'USA', mcc: '5411', name: 'FIXTURE SHOP' },
    transaction: { amount: 2_500, currency: 'USD' },
  });
  expect(draft.state).toBe('ACTIVE');
  return { threeDs: [authentication.token!], backtests: [[casinos.token, backtest.backtest_token!]] };
}

/** Cards, a settled and a declined charge, a paused card, a disabled subscription, a responder, a moved clock. */
async function fill(sandbox: TestSandbox, account: TestAccount) {
  const { client } = account;
  const card = await client.cards.create({ type: 'VIRTUAL', memo: 'fixture', spend_limit: 5_000 });
  const once = await client.cards.create({ type: 'SINGLE_USE' });
  const paused = await client.cards.create({ type: 'MERCHANT_LOCKED', state: 'PAUSED' });
  const settled = await charge(client, card.pan!, 1_200);
  await client.transactions.simulateClearing({ token: settled.token! });
  await charge(client, card.pan!, 9_000).catch(() => undefined);
  await charge(client, once.pan!, 300);
  await client.accounts.update(account.accountToken, {
    daily_spend_limit: 100_000,
    comment: 'fixture account',
    verification_address: {
      address1: '5 Broad Street',
      city: 'New York',
      state: 'NY',
      postal_code: '10001',
      country: 'USA',
    },
  });
  // A physical card with the properties only Lithic-shaped requests set, a PIN among them.
  const physical = await client.cards.create({
    type: 'PHYSICAL',
    product_id: '1',
    pin: Buffer.from('1234').toString('base64'),
    replacement_for: card.token,
    shipping_method: 'EXPRESS',
    shipping_address: {
      first_name: 'Janet',
      last_name: 'Yellen',
      address1: '5 Broad Street',
      city: 'New York',
      state: 'NY',
      postal_code: '10001',
      country: 'USA',
    },
  });
  await client.cards.update(physical.token, { comment: 'fixture plastic', substatus: 'OTHER' });
  const later = await fillLater(sandbox, account, card.pan!, card.token);
  await client.events.subscriptions.create({ url: 'https://example.com/hooks', disabled: true });
  await client.responderEndpoints.create({ type: 'AUTH_STREAM_ACCESS', url: 'https://example.com/asa' });
  await client.authStreamEnrollment.retrieveSecret();
  await call(sandbox.url, account.apiKey, 'POST', '/sandbox/clock/advance', { seconds: 3_600 });
  return { card, once, paused, later };
}

describe('snapshots and restores', () => {
  const sandbox = useSandbox();

  it(
    'gives back the same reads after a card is closed, a charge made and the clock moved',
    async () => {
      const account = await sandbox.newAccount();
      const { card, paused, later } = await fill(sandbox, account);
      const before = await reads(sandbox, account, later);
      expect(before).toMatchObject({ rules: [{}, {}], funding: [{}], threeDs: [{}], backtests: [{}] });
      expect(before.results).not.toHaveLength(0);
      const snapshot = await snapshotOf(sandbox, account);
      expect(snapshot).toMatchObject({ version: 2, account: { clock_offset_ms: 3_600_000 } });
      expect(JSON.stringify(snapshot)).not.toContain(card.pan!);

      // The responder goes first: the charge below would otherwise ask it (it does not exist).
      await account.client.responderEndpoints.delete({ type: 'AUTH_STREAM_ACCESS' });
      await account.client.cards.update(card.token, { state: 'CLOSED' });
      await account.client.cards.update(paused.token, { state: 'OPEN' });
      await charge(account.client, paused.pan!, 700);
      await account.client.cards.create({ type: 'VIRTUAL' });
      await call(sandbox.url, account.apiKey, 'POST', '/sandbox/clock/advance', { seconds: 86_400 });
      await call(sandbox.url, account.apiKey, 'POST', '/sandbox/reset');
      expect(await reads(sandbox, account, later).catch(String)).not.toEqual(before);

      expect((await restore(sandbox, account, snapshot)).status).toBe(204);
      expect(await reads(sandbox, account, later)).toEqual(before);
      // Restored cards still charge: their PANs are found by the lookup hash again.
      await account.client.responderEndpoints.delete({ type: 'AUTH_STREAM_ACCESS' });
      const again = await charge(account.client, card.pan!, 100);
      expect((await account.client.transactions.retrieve(again.token!)).card_token).toBe(card.token);
      // The restored rule still decides: the account's casino charges are declined, by it.
      const refused = await charge(account.client, card.pan!, 100, CASINO).catch(
        (e: { error: Json }) => e.error,
      );
      const declined = await account.client.transactions.retrieve(refused.token as string);
      expect(declined.events![0]).toMatchObject({ detailed_results: ['AUTH_RULE_BLOCKED_MCC'] });
    },
    SLOW_MS,
  );

  it(
    'restores what the spend limits have counted: a restored card and account decline past their limits',
    async () => {
      const account = await sandbox.newAccount();
      const card = await account.client.cards.create({
        type: 'VIRTUAL',
        spend_limit: 1_000,
        spend_limit_duration: 'MONTHLY',
      });
      await account.client.accounts.update(account.accountToken, { daily_spend_limit: 2_000 });
      const other = await account.client.cards.create({ type: 'VIRTUAL' });
      await charge(account.client, card.pan!, 800);
      await charge(account.client, other.pan!, 900);
      const snapshot = await snapshotOf(sandbox, account);

      await call(sandbox.url, account.apiKey, 'POST', '/sandbox/reset');
      expect((await restore(sandbox, account, snapshot)).status).toBe(204);
      const authorize = async (pan: string, amount: number) =>
        (
          await call(sandbox.url, account.apiKey, 'POST', '/v1/simulate/authorize', {
            amount,
            descriptor: 'SHOP',
            pan,
          })
        ).status;
      // 800 + 300 passes the card's 1 000; 1 700 + 400 passes the account's 2 000 a day.
      expect(await authorize(card.pan!, 300)).toBe(422);
      expect(await authorize(other.pan!, 400)).toBe(422);
      expect(await authorize(card.pan!, 200)).toBe(201);
    },
    SLOW_MS,
  );

  it('documents both routes on /docs with the snapshot schema', async () => {
    const docs = (await (await fetch(`${sandbox.url}/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Json>>;
      components: { schemas: Record<string, { properties: Json }> };
    };
    const ref = { $ref: '#/components/schemas/SnapshotDto' };
    expect(docs.paths['/sandbox/snapshot'].post).toMatchObject({
      responses: { 200: { content: { 'application/json': { schema: ref } } } },
    });
    expect(docs.paths['/sandbox/restore'].post).toMatchObject({
      requestBody: { content: { 'application/json': { schema: ref } } },
    });
    expect(Object.keys(docs.components.schemas.SnapshotCardDto.properties)).toContain('pan_sealed');
  });

  it(
    'answers 409, naming what to do, when the snapshot’s cards belong to another account',
    async () => {
      const owner = await sandbox.newAccount();
      await owner.client.cards.create({ type: 'VIRTUAL' });
      const snapshot = await snapshotOf(sandbox, owner);
      const other = await sandbox.newAccount();
      const own = await other.client.cards.create({ type: 'VIRTUAL', memo: 'kept' });
      const answer = await restore(sandbox, other, snapshot);
      expect(answer.status).toBe(409);
      expect(answer.body.message).toMatch(/another account.*fresh sandbox.*delete or reset/);
      // One transaction: the reset that came first is rolled back with it.
      expect((await other.client.cards.list()).data.map((c) => c.token)).toEqual([own.token]);
      // Once the owner is reset, the snapshot is free to move.
      await call(sandbox.url, owner.apiKey, 'POST', '/sandbox/reset');
      expect((await restore(sandbox, other, snapshot)).status).toBe(204);
    },
    SLOW_MS,
  );

  it(
    'answers 409 when another account holds the snapshot’s auth rules or funding sources',
    async () => {
      const owner = await sandbox.newAccount();
      const rule = await owner.client.authRules.v2.create({
        type: 'CONDITIONAL_BLOCK',
        parameters: { conditions: [{ attribute: 'MCC', operation: 'IS_ONE_OF', value: [CASINO] }] },
      });
      const snapshot = await snapshotOf(sandbox, owner);
      const other = await sandbox.newAccount();
      const answer = await restore(sandbox, other, snapshot);
      expect(answer).toMatchObject({
        status: 409,
        body: { message: expect.stringContaining(`auth rule of this snapshot (${rule.token})`) },
      });
      await owner.client.authRules.v2.delete(rule.token);
      const bank = await addBank(sandbox, owner);
      const funded = await snapshotOf(sandbox, owner);
      const refused = await restore(sandbox, other, funded);
      expect(refused).toMatchObject({
        status: 409,
        body: { message: expect.stringContaining(`funding source of this snapshot (${bank.body.token})`) },
      });
    },
    SLOW_MS,
  );

  it(
    'restores a version 1 snapshot, taken before rules and funding sources were carried, without them',
    async () => {
      const account = await sandbox.newAccount();
      const card = await account.client.cards.create({ type: 'VIRTUAL' });
      const later = await fillLater(sandbox, account, card.pan!, card.token);
      // Read first: the auth stream secret is made on its first read, after which a snapshot holds it.
      const before = await reads(sandbox, account);
      const {
        funding_sources,
        three_ds_authentications,
        auth_rules,
        auth_rule_results,
        auth_rule_backtests,
        ...v1
      } = await snapshotOf(sandbox, account);
      expect([
        funding_sources,
        three_ds_authentications,
        auth_rules,
        auth_rule_results,
        auth_rule_backtests,
      ]).not.toContainEqual([]);
      const { three_ds_secret_sealed, ...accountV1 } = v1.account as Json;
      expect(three_ds_secret_sealed).toBeDefined();
      expect((await restore(sandbox, account, { ...v1, account: accountV1, version: 1 })).status).toBe(204);
      expect(await reads(sandbox, account)).toEqual(before);
      expect((await account.client.authRules.v2.list()).data).toEqual([]);
      expect((await privacy(sandbox, account, 'GET', '/v1/fundingsource')).body).toHaveLength(1);
      await expect(account.client.threeDS.authentication.retrieve(later.threeDs[0])).rejects.toMatchObject({
        status: 404,
      });
    },
    SLOW_MS,
  );

  describe('a malformed snapshot', () => {
    let account: TestAccount;
    let valid: Json;
    beforeAll(async () => {
      account = await sandbox.newAccount();
      const card = await account.client.cards.create({ type: 'VIRTUAL' });
      await charge(account.client, card.pan!, 100);
      await fillLater(sandbox, account, card.pan!, card.token);
      valid = await snapshotOf(sandbox, account);
    }, SLOW_MS);

    // A copy broken on purpose: any field of any row may be set to anything, so it is typed loosely.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    type Breakable = any;
    const broken = (change: (s: Breakable) => void) => {
      const copy = structuredClone(valid);
      change(copy);
      return copy;
    };
    const tamper = (sealed: string) => sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA');

    it.each<[string, (s: Breakable) => unknown, RegExp]>([
      ['no version', (s) => delete s.version, /version/],
      ['version 3', (s) => (s.version = 3), /version must be 1 or 2/],
      ['version 2 without its rules', (s) => delete s.auth_rules, /auth_rules/],
      [
        'a 3DS authentication of no card',
        (s) => (s.three_ds_authentications[0].card_token = '00000000-0000-4000-8000-000000000000'),
        /three_ds_authentications\[0\]\.card_token/,
      ],
      [
        'a rule version twice',
        (s) => s.auth_rules[0].versions.push(s.auth_rules[0].versions[0]),
        /auth_rules\[0\]\.versions: entry \d repeats/,
      ],
      ['a rule of an unknown type', (s) => (s.auth_rules[0].type = 'WISHFUL'), /auth_rules\.0\.type/],
      [
        'a funding source routing number of letters',
        (s) => (s.funding_sources[0].routing_number = 'abc'),
        /funding_sources\.0\.routing_number/,
      ],
      ['cards not a list', (s) => (s.cards = 'all'), /cards/],
      ['a card token not a UUID', (s) => (s.cards[0].token = 'nope'), /cards\.0\.token must be a UUID/],
      ['a negative spend limit', (s) => (s.cards[0].spend_limit = -1), /cards\.0\.spend_limit/],
      ['a memo too long', (s) => (s.cards[0].memo = 'm'.repeat(300)), /cards\.0\.memo/],
      ['an impossible date', (s) => (s.cards[0].created = '2026-02-31T00:00:00Z'), /cards\.0\.created/],
      ['an unknown field', (s) => (s.cards[0].colour = 'red'), /colour should not exist/],
      [
        'a tampered PAN',
        (s) => (s.cards[0].pan_sealed = tamper(s.cards[0].pan_sealed)),
        /cards\[0\]\.pan_sealed does not open.*SANDBOX_SECRET/,
      ],
      ['a card twice', (s) => s.cards.push(s.cards[0]), /cards: entry \d repeats/],
      [
        'a charge of no card',
        (s) => (s.transactions[0].card_token = '00000000-0000-4000-8000-000000000000'),
        /transactions\[0\]\.card_token/,
      ],
      ['an event payload that is text', (s) => (s.events[0].payload = 'text'), /events\.0\.payload/],
      ['no account', (s) => delete s.account, /account/],
      ['a clock past 100 years', (s) => (s.account.clock_offset_ms = 4e12), /clock_offset_ms/],
    ])('with %s is a 400 naming the field', async (_, change, message) => {
      const answer = await restore(sandbox, account, broken(change));
      expect(answer).toMatchObject({ status: 400, body: { message: expect.stringMatching(message) } });
    });

    it('leaves the account as it was', async () => {
      // Sealing draws a fresh IV each time, so sealed values differ between two snapshots of one state.
      const opaque = (snapshot: Json) => JSON.stringify(snapshot).replace(/"v2\.[^"]+"/g, '"sealed"');
      expect(opaque(await snapshotOf(sandbox, account))).toEqual(opaque(valid));
    });
  });
});

describe('a snapshot moved to another sandbox with the same secret', () => {
  const database = testDatabase();
  const secret = 'b'.repeat(64);
  // On PostgreSQL each sandbox gets a database of its own: the second must not hold the first's rows.
  const own = (name: string) => (database === 'postgres' ? { databaseUrl: `${POSTGRES_URL}_${name}` } : {});
  const first = useSandbox({ env: { SANDBOX_SECRET: secret }, ...own('first') });
  const second = useSandbox({ env: { SANDBOX_SECRET: secret }, ...own('second') });
  const stranger = useSandbox({ env: { SANDBOX_SECRET: 'c'.repeat(64) }, ...own('stranger') });

  it(
    'restores with the same reads, only the account (its token and creation) changed',
    async () => {
      const source = await first.newAccount();
      const { later } = await fill(first, source);
      const before = await reads(first, source, later);
      const snapshot = await snapshotOf(first, source);
      const target = await second.newAccount();
      expect((await restore(second, target, snapshot)).status).toBe(204);
      const after = await reads(second, target, later);
      const moved = JSON.parse(JSON.stringify(before).replaceAll(source.accountToken, target.accountToken));
      expect({ ...after, account: { ...after.account, created: moved.account.created } }).toEqual(moved);
    },
    SLOW_MS,
  );

  it(
    'is refused, naming the secret, by a sandbox with another secret',
    async () => {
      const source = await first.newAccount();
      await source.client.cards.create({ type: 'VIRTUAL' });
      const answer = await restore(stranger, await stranger.newAccount(), await snapshotOf(first, source));
      expect(answer).toMatchObject({
        status: 400,
        body: { message: expect.stringMatching(/cards\[0\]\.pan_sealed.*SANDBOX_SECRET/) },
      });
    },
    SLOW_MS,
  );
});

describe('seeded runs', () => {
  /** One fixed sequence of calls on a sandbox; the tokens and PANs it saw. */
  async function run(sandbox: TestSandbox) {
    const account = await sandbox.newAccount();
    const { client } = account;
    const card = await client.cards.create({ type: 'VIRTUAL' });
    const authorization = await charge(client, card.pan!, 1_000);
    await client.transactions.simulateClearing({ token: authorization.token! });
    const subscription = await client.events.subscriptions.create({
      url: 'https://example.com/hooks',
      disabled: true,
    });
    const fault = await call(sandbox.url, account.apiKey, 'POST', '/sandbox/faults', {
      path: '/v1/nothing',
      status: 503,
    });
    return {
      account: account.accountToken,
      card: [card.token, card.pan, card.cvv],
      transaction: (await client.transactions.retrieve(authorization.token!)).events?.map((e) => e.token),
      events: (await client.events.list()).data.map((e) => e.token),
      subscription: subscription.token,
      fault: fault.body.token,
    };
  }

  async function freshRun(seed: string) {
    const sandbox = await startSandbox({ database: 'embedded', env: { SANDBOX_SEED: seed } });
    try {
      return await run(sandbox);
    } finally {
      await sandbox.close();
    }
  }

  it(
    'give the same tokens and PANs on two fresh sandboxes, and others with another seed',
    async () => {
      const first = await freshRun('fixture-seed');
      expect(first.events).toHaveLength(3);
      expect(await freshRun('fixture-seed')).toEqual(first);
      const other = await freshRun('another-seed');
      for (const [key, value] of Object.entries(other))
        expect([key, value]).not.toEqual([key, first[key as keyof typeof first]]);
    },
    3 * SLOW_MS,
  );

  it(
    'never collide when a seeded sandbox restarts on its data directory',
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'seeded-restart-'));
      const start = () =>
        startSandbox({ database: 'embedded', dataDir, env: { SANDBOX_SEED: 'fixture-seed' } });
      try {
        let sandbox = await start();
        const before = await run(sandbox);
        await sandbox.close();
        sandbox = await start();
        try {
          const after = await run(sandbox);
          for (const [key, value] of Object.entries(after))
            expect([key, value]).not.toEqual([key, before[key as keyof typeof before]]);
        } finally {
          await sandbox.close();
        }
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    3 * SLOW_MS,
  );
});
