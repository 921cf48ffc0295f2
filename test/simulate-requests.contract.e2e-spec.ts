import { describe, expect, it } from '@jest/globals';
import Lithic, { APIError } from 'lithic';
import { charge, approve, decline, retrieve, listAll, accountsWithCards } from './support/authorizer.js';
import { failure, raw, type ErrorBody } from './support/http.js';
import { randomIdempotencyKey, testDatabase, useSandbox } from './support/sandbox.js';
import { expectMatchesSpec } from './support/spec.js';

describe(`the simulator's requests: Idempotency-Key and bad input through the official SDK on the ${testDatabase()} database`, () => {
  const sandbox = useSandbox();
  const accountWithCard = accountsWithCards(sandbox);

  describe('Idempotency-Key', () => {
    it('replays an approval with the same token and creates no second transaction', async () => {
      const { client, card } = await accountWithCard();
      const key = randomIdempotencyKey();
      const params = charge(card, 4200);
      const original = await client.transactions
        .simulateAuthorization(params, { headers: { 'Idempotency-Key': key } })
        .withResponse();
      const first = original.data.token;
      const replay = await client.transactions
        .simulateAuthorization(params, { headers: { 'Idempotency-Key': key } })
        .withResponse();
      expect(replay.response.status).toBe(201);
      expect(replay.data.token).toBe(first);
      expect(original.response.headers.get('idempotent-replayed')).toBeNull();
      expect(replay.response.headers.get('idempotent-replayed')).toBe('true');
      const { items } = await listAll(client, { card_token: card.token });
      expect(items.map((t) => t.token)).toEqual([first]);
    });

    it('replays a decline as the same 422 with the same token and creates no second transaction', async () => {
      const { client, card } = await accountWithCard({ state: 'PAUSED' });
      const key = randomIdempotencyKey();
      const params = charge(card, 4200);
      const first = await decline(client, params, { headers: { 'Idempotency-Key': key } });
      await client.cards.update(card.token, { state: 'OPEN' }); // a fresh decision would now approve
      const replay = await decline(client, params, { headers: { 'Idempotency-Key': key } });
      expect(replay).toEqual(first);
      const { items } = await listAll(client, { card_token: card.token });
      expect(items.map((t) => t.token)).toEqual([first.token]);
    });

    it('replays an answer without a body as the same 204, and does the work once', async () => {
      const { client } = await accountWithCard();
      const { token } = await client.events.subscriptions.create({ url: 'https://example.com/hooks' });
      const before = await client.events.subscriptions.retrieveSecret(token);
      const key = randomIdempotencyKey();
      const answers = [];
      for (let attempt = 0; attempt < 2; attempt++) {
        const { response } = await client.events.subscriptions
          .rotateSecret(token, { headers: { 'Idempotency-Key': key } })
          .withResponse();
        answers.push([response.status, response.headers.get('idempotent-replayed'), await response.text()]);
      }
      expect(answers).toEqual([
        [204, null, ''],
        [204, 'true', ''],
      ]);
      const after = await client.events.subscriptions.retrieveSecret(token);
      expect(after.secret).not.toBe(before.secret);
      // A second rotation would have changed it again; the replay did not rotate.
      const third = await client.events.subscriptions.rotateSecret(token).withResponse();
      expect(third.response.status).toBe(204);
      expect((await client.events.subscriptions.retrieveSecret(token)).secret).not.toBe(after.secret);
    });

    it('replays a clearing instead of refusing it as already settled', async () => {
      const { client, card } = await accountWithCard();
      const token = await approve(client, charge(card, 800));
      const key = randomIdempotencyKey();
      const first = await client.transactions
        .simulateClearing({ token }, { headers: { 'Idempotency-Key': key } })
        .withResponse();
      const replay = await client.transactions
        .simulateClearing({ token }, { headers: { 'Idempotency-Key': key } })
        .withResponse();
      expect([first.response.status, replay.response.status]).toEqual([201, 201]);
      expect(replay.data).toEqual(first.data);
      const settled = await retrieve(client, token);
      expect(settled.events!.map((e) => e.type)).toEqual(['AUTHORIZATION', 'CLEARING']);
    });

    it('frees a key whose request failed: the same request fails again, a corrected one runs once', async () => {
      const { client, card } = await accountWithCard();
      const key = randomIdempotencyKey();
      const headers = { 'Idempotency-Key': key };
      const wrong = { ...charge(card, 300), pan: '4111111111111111' };
      for (let attempt = 0; attempt < 2; attempt++) {
        const error = await failure(client.transactions.simulateAuthorization(wrong, { headers }));
        expect(error).toBeInstanceOf(Lithic.BadRequestError);
      }
      const first = await approve(client, charge(card, 300), { headers });
      await expect(approve(client, charge(card, 300), { headers })).resolves.toBe(first);
      const { items } = await listAll(client, { card_token: card.token });
      expect(items.map((t) => t.token)).toEqual([first]);
    });

    it('refuses the same key with another body with a 409 and creates nothing', async () => {
      const { client, card } = await accountWithCard();
      const key = randomIdempotencyKey();
      const first = await approve(client, charge(card, 100), { headers: { 'Idempotency-Key': key } });
      const error = await failure(
        client.transactions.simulateAuthorization(charge(card, 200), { headers: { 'Idempotency-Key': key } }),
      );
      expect(error).toBeInstanceOf(Lithic.ConflictError);
      expect((error as APIError).headers?.get('x-should-retry')).toBe('false');
      const { items } = await listAll(client, { card_token: card.token });
      expect(items.map((t) => t.token)).toEqual([first]);
    });
  });

  describe('bad input', () => {
    const PAN = '{pan}';
    const cases: { name: string; path: string; body: unknown; field: RegExp }[] = [
      {
        name: 'a missing amount',
        path: 'authorize',
        body: { descriptor: 'SHOP', pan: PAN },
        field: /\bamount\b/,
      },
      {
        name: 'a missing descriptor',
        path: 'authorize',
        body: { amount: 1, pan: PAN },
        field: /\bdescriptor\b/,
      },
      { name: 'a missing pan', path: 'authorize', body: { amount: 1, descriptor: 'SHOP' }, field: /\bpan\b/ },
      {
        name: 'a 15-digit pan',
        path: 'authorize',
        body: { amount: 1, descriptor: 'SHOP', pan: '411111111111111' },
        field: /\bpan\b/,
      },
      {
        name: 'a negative amount',
        path: 'authorize',
        body: { amount: -1, descriptor: 'SHOP', pan: PAN },
        field: /\bamount\b/,
      },
      {
        name: 'an amount of 2000000001',
        path: 'authorize',
        body: { amount: 2_000_000_001, descriptor: 'SHOP', pan: PAN },
        field: /\bamount\b/,
      },
      {
        name: 'a fractional amount',
        path: 'authorize',
        body: { amount: 10.5, descriptor: 'SHOP', pan: PAN },
        field: /\bamount\b/,
      },
      {
        name: 'an amount given as a string',
        path: 'authorize',
        body: { amount: '100', descriptor: 'SHOP', pan: PAN },
        field: /\bamount\b/,
      },
      {
        name: 'a 26-character descriptor',
        path: 'authorize',
        body: { amount: 1, descriptor: 'D'.repeat(26), pan: PAN },
        field: /\bdescriptor\b/,
      },
      {
        name: 'an unknown status',
        path: 'authorize',
        body: { amount: 1, descriptor: 'SHOP', pan: PAN, status: 'PURCHASE' },
        field: /\bstatus\b/,
      },
      {
        name: 'an unknown field',
        path: 'authorize',
        body: { amount: 1, descriptor: 'SHOP', pan: PAN, colour: 'blue' },
        field: /\bcolour\b/,
      },
      {
        name: 'a malformed CVV',
        path: 'authorize',
        body: { amount: 1, descriptor: 'SHOP', pan: PAN, cvv: '12a' },
        field: /\bcvv\b/,
      },
      {
        name: 'a BALANCE_INQUIRY with a non-zero amount',
        path: 'authorize',
        body: { amount: 100, descriptor: 'SHOP', pan: PAN, status: 'BALANCE_INQUIRY' },
        field: /\bamount\b/,
      },
      {
        name: 'malformed JSON',
        path: 'authorize',
        body: '{"amount": 1, "descriptor": ',
        field: /\bbody\b|JSON/i,
      },
      {
        name: 'a void with an unknown type',
        path: 'void',
        body: { token: '{txn}', type: 'CANCEL' },
        field: /\btype\b/,
      },
      {
        name: 'a clearing whose token is not a UUID',
        path: 'clearing',
        body: { token: 'abc' },
        field: /\btoken\b/,
      },
      {
        name: 'a void whose token is not a UUID',
        path: 'void',
        body: { token: '12345' },
        field: /\btoken\b/,
      },
      {
        name: 'an authorization advice without an amount',
        path: 'authorization_advice',
        body: { token: '{txn}' },
        field: /\bamount\b/,
      },
      {
        name: 'a return with a 15-digit pan',
        path: 'return',
        body: { amount: 1, descriptor: 'SHOP', pan: '411111111111111' },
        field: /\bpan\b/,
      },
      {
        name: 'a return reversal whose token is not a UUID',
        path: 'return_reversal',
        body: { token: 'not-a-token' },
        field: /\btoken\b/,
      },
    ];

    it.each(cases)(
      'refuses $name on /v1/simulate/$path with a 400 naming the field',
      async ({ path, body, field }) => {
        const { client, apiKey, card } = await accountWithCard();
        const existing = await approve(client, charge(card, 100));
        const filled =
          typeof body === 'string'
            ? body
            : JSON.parse(JSON.stringify(body).replace('{pan}', card.pan!).replace('{txn}', existing));
        const response = await raw(sandbox.url, `/v1/simulate/${path}`, {
          method: 'POST',
          apiKey,
          body: filled,
        });
        expect(response.status).toBe(400);
        expect(response.headers.get('x-should-retry')).toBe('false');
        expectMatchesSpec(response.body, `/v1/simulate/${path}`, 'post', 400);
        expect((response.body as ErrorBody).message).toMatch(field);
        expect(response.text).not.toContain(card.pan!);
        const { items } = await listAll(client);
        expect(items.map((t) => t.token)).toEqual([existing]);
        await expect(retrieve(client, existing)).resolves.toMatchObject({ status: 'PENDING', amount: 100 });
      },
    );

    it('refuses a transaction token that is not a UUID on GET /v1/transactions/{token} with a 400', async () => {
      const { apiKey } = await sandbox.newAccount();
      const response = await raw(sandbox.url, '/v1/transactions/not-a-uuid', { apiKey });
      expect(response.status).toBe(400);
      expectMatchesSpec(response.body, '/v1/transactions/{transaction_token}', 'get', 400);
      expect((response.body as ErrorBody).message).toMatch(/\btransaction_token\b/);
    });

    it.each([
      ['status', 'status=FROZEN', /\bstatus\b/],
      ['result', 'result=MAYBE', /\bresult\b/],
      ['card_token', 'card_token=abc', /\bcard_token\b/],
      ['page_size', 'page_size=0', /\bpage_size\b/],
    ])('refuses a bad %s filter on GET /v1/transactions with a 400', async (_name, query, field) => {
      const { apiKey } = await sandbox.newAccount();
      const response = await raw(sandbox.url, `/v1/transactions?${query}`, { apiKey });
      expect(response.status).toBe(400);
      expectMatchesSpec(response.body, '/v1/transactions', 'get', 400);
      expect((response.body as ErrorBody).message).toMatch(field);
    });

    it('refuses an authorization without a key with a 401 and creates nothing', async () => {
      const { client, card } = await accountWithCard();
      const response = await raw(sandbox.url, '/v1/simulate/authorize', {
        method: 'POST',
        body: charge(card, 100),
      });
      expect(response.status).toBe(401);
      const { items } = await listAll(client);
      expect(items).toEqual([]);
    });
  });
});
