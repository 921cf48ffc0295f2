import { describe, expect, it } from '@jest/globals';
import Lithic, { type APIError } from 'lithic';
import { isLuhnValid } from '#domain';
import { errorBody, failure, raw } from './support/http.js';
import { randomIdempotencyKey, SLOW_MS, testDatabase, useSandbox } from './support/sandbox.js';
import { expectMatchesSpec } from './support/spec.js';

type Card = Lithic.Card;
type NonPCICard = Lithic.NonPCICard;

const SIMULATED_TYPES = ['SINGLE_USE', 'MERCHANT_LOCKED', 'VIRTUAL', 'UNLOCKED', 'DIGITAL_WALLET'] as const;

/** Creates `count` cards in concurrent batches, as a busy client would. */
async function createCards(
  client: Lithic,
  count: number,
  params: Partial<Lithic.CardCreateParams> = {},
  batch = 25,
): Promise<Card[]> {
  const cards: Card[] = [];
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    cards.push(
      ...(await Promise.all(
        Array.from({ length: size }, (_, i) =>
          client.cards.create({ type: 'VIRTUAL', memo: `card ${start + i}`, ...params }),
        ),
      )),
    );
  }
  return cards;
}

/** Everything the SDK's auto-pagination yields, validating each page against the spec on the way. */
async function listAll(client: Lithic, params: Lithic.CardListParams = {}): Promise<NonPCICard[]> {
  const items: NonPCICard[] = [];
  for await (const page of (await client.cards.list(params)).iterPages()) {
    expectMatchesSpec({ data: page.data, has_more: page.has_more }, '/v1/cards', 'get');
    items.push(...page.data);
  }
  return items;
}

/** Newest first: by created, then by token, both descending. */
function expectNewestFirst(cards: { created: string; token: string }[]): void {
  const sorted = [...cards].sort((a, b) =>
    a.created === b.created ? (a.token < b.token ? 1 : -1) : a.created < b.created ? 1 : -1,
  );
  expect(cards.map((c) => c.token)).toEqual(sorted.map((c) => c.token));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`cards through the official SDK on the ${testDatabase()} database`, () => {
  const sandbox = useSandbox();

  it('has a spec validator that rejects a card missing required fields or with a wrong enum', async () => {
    const { client } = await sandbox.newAccount();
    const card = await client.cards.create({ type: 'VIRTUAL' });
    const { token: _token, ...withoutToken } = card;
    expect(() => expectMatchesSpec(withoutToken, '/v1/cards', 'post')).toThrow(/token/);
    expect(() => expectMatchesSpec({ ...card, state: 'FROZEN' }, '/v1/cards', 'post')).toThrow(/state/);
  });

  describe('creating', () => {
    it('creates one card of each simulated type with a distinct Luhn-valid test PAN, a CVV and a five-year expiry', async () => {
      const { client, accountToken } = await sandbox.newAccount();
      const now = new Date();
      const cards: Card[] = [];
      for (const type of SIMULATED_TYPES) {
        const card = await client.cards.create({ type, memo: `a ${type} card` });
        expectMatchesSpec(card, '/v1/cards', 'post');
        cards.push(card);
      }
      expect(cards.map((c) => c.type)).toEqual([...SIMULATED_TYPES]);
      for (const card of cards) {
        expect(card.pan).toMatch(/^411111\d{10}$/);
        expect(isLuhnValid(card.pan!)).toBe(true);
        expect(card.cvv).toMatch(/^\d{3}$/);
        expect(card.last_four).toBe(card.pan!.slice(-4));
        expect(card.exp_month).toBe(String(now.getUTCMonth() + 1).padStart(2, '0'));
        expect(card.exp_year).toBe(String(now.getUTCFullYear() + 5));
        expect(card.state).toBe('OPEN');
        expect(card.account_token).toBe(accountToken);
      }
      expect(new Set(cards.map((c) => c.pan)).size).toBe(cards.length);
      expect(new Set(cards.map((c) => c.token)).size).toBe(cards.length);
    });

    it('refuses a PHYSICAL card without a shipping address with a 400 that names the field', async () => {
      const { client } = await sandbox.newAccount();
      const error = await failure(client.cards.create({ type: 'PHYSICAL' }));
      expect(error).toBeInstanceOf(Lithic.BadRequestError);
      expectMatchesSpec(errorBody(error), '/v1/cards', 'post', 400);
      expect(errorBody(error).message).toMatch(/^shipping_address: /);
      expect((error as APIError).headers?.get('x-should-retry')).toBe('false');
    });

    it('creates a card with the expiry asked for, and its CVV stays the same on every read', async () => {
      const { client } = await sandbox.newAccount();
      const year = String(new Date().getUTCFullYear() + 2);
      const card = await client.cards.create({ type: 'VIRTUAL', exp_month: '03', exp_year: year });
      expect(card).toMatchObject({ exp_month: '03', exp_year: year });
      expect(card.cvv).toMatch(/^\d{3}$/);
      await expect(client.cards.retrieve(card.token)).resolves.toMatchObject({ cvv: card.cvv });
      await expect(client.cards.searchByPan({ pan: card.pan! })).resolves.toMatchObject({ cvv: card.cvv });
    });

    it('creates a PAUSED card when asked', async () => {
      const { client } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL', state: 'PAUSED' });
      expect(card.state).toBe('PAUSED');
      await expect(client.cards.retrieve(card.token)).resolves.toMatchObject({ state: 'PAUSED' });
    });
  });

  describe('retrieving and listing', () => {
    it('retrieves the same card with the same PAN, CVV and expiry', async () => {
      const { client } = await sandbox.newAccount();
      const created = await client.cards.create({ type: 'VIRTUAL', memo: 'retrieve me' });
      const card = await client.cards.retrieve(created.token);
      expectMatchesSpec(card, '/v1/cards/{card_token}', 'get');
      expect(card).toEqual(created);
    });

    it('lists cards with their last four digits but never a PAN or CVV', async () => {
      const { client } = await sandbox.newAccount();
      const created = await createCards(client, 3);
      const page = await client.cards.list();
      expectMatchesSpec({ data: page.data, has_more: page.has_more }, '/v1/cards', 'get');
      expect(page.data).toHaveLength(3);
      expect(page.has_more).toBe(false);
      for (const item of page.data) {
        expect(item).not.toHaveProperty('pan');
        expect(item).not.toHaveProperty('cvv');
        const original = created.find((c) => c.token === item.token)!;
        expect(item.last_four).toBe(original.pan!.slice(-4));
      }
      const text = JSON.stringify(page.data);
      for (const card of created) expect(text).not.toContain(card.pan!);
    });

    it(
      'auto-paginates over 250 cards, visiting each exactly once, newest first, and stops',
      async () => {
        const { client } = await sandbox.newAccount();
        const created = await createCards(client, 250);
        const visited: NonPCICard[] = [];
        for await (const card of client.cards.list()) visited.push(card);
        expect(visited).toHaveLength(250);
        expect(new Set(visited.map((c) => c.token))).toEqual(new Set(created.map((c) => c.token)));
        expectNewestFirst(visited);
        for (const pageSize of [100, 7]) {
          const seen = await listAll(client, { page_size: pageSize });
          expect(seen).toHaveLength(250);
          expect(new Set(seen.map((c) => c.token))).toEqual(new Set(created.map((c) => c.token)));
          expectNewestFirst(seen);
        }
      },
      SLOW_MS,
    );

    it('respects page_size and reports has_more', async () => {
      const { client } = await sandbox.newAccount();
      await createCards(client, 12);
      const first = await client.cards.list({ page_size: 5 });
      expect(first.data).toHaveLength(5);
      expect(first.has_more).toBe(true);
      const all = await client.cards.list({ page_size: 12 });
      expect(all.data).toHaveLength(12);
      expect(all.has_more).toBe(false);
      const defaults = await client.cards.list();
      expect(defaults.data).toHaveLength(12);
    });

    it('lists cards created one after another newest first', async () => {
      const { client } = await sandbox.newAccount();
      const a = await client.cards.create({ type: 'VIRTUAL', memo: 'a' });
      await sleep(5);
      const b = await client.cards.create({ type: 'VIRTUAL', memo: 'b' });
      await sleep(5);
      const c = await client.cards.create({ type: 'VIRTUAL', memo: 'c' });
      const page = await client.cards.list();
      expect(page.data.map((card) => card.token)).toEqual([c.token, b.token, a.token]);
    });

    it('filters by state', async () => {
      const { client } = await sandbox.newAccount();
      const [open, paused, closed] = await createCards(client, 3);
      await client.cards.update(paused.token, { state: 'PAUSED' });
      await client.cards.update(closed.token, { state: 'CLOSED' });
      const tokens = async (state: 'OPEN' | 'PAUSED' | 'CLOSED') =>
        (await listAll(client, { state })).map((c) => c.token);
      await expect(tokens('OPEN')).resolves.toEqual([open.token]);
      await expect(tokens('PAUSED')).resolves.toEqual([paused.token]);
      await expect(tokens('CLOSED')).resolves.toEqual([closed.token]);
    });

    it('filters by a part of the memo', async () => {
      const { client } = await sandbox.newAccount();
      const coffee = await client.cards.create({ type: 'VIRTUAL', memo: 'Morning coffee beans' });
      await client.cards.create({ type: 'VIRTUAL', memo: 'Groceries' });
      const percent = await client.cards.create({ type: 'VIRTUAL', memo: '100% cotton' });
      await expect(listAll(client, { memo: 'coffee be' })).resolves.toEqual([
        expect.objectContaining({ token: coffee.token }),
      ]);
      // LIKE wildcards in the filter are literal text, not patterns.
      await expect(listAll(client, { memo: '%' })).resolves.toEqual([
        expect.objectContaining({ token: percent.token }),
      ]);
      await expect(listAll(client, { memo: 'nothing like this' })).resolves.toEqual([]);
    });

    it('filters by begin (inclusive) and end (exclusive)', async () => {
      const { client } = await sandbox.newAccount();
      const a = await client.cards.create({ type: 'VIRTUAL' });
      await sleep(10);
      const b = await client.cards.create({ type: 'VIRTUAL' });
      await sleep(10);
      const c = await client.cards.create({ type: 'VIRTUAL' });
      const tokens = async (params: Lithic.CardListParams) =>
        (await listAll(client, params)).map((card) => card.token);
      await expect(tokens({ begin: b.created })).resolves.toEqual([c.token, b.token]);
      await expect(tokens({ end: b.created })).resolves.toEqual([a.token]);
      await expect(tokens({ begin: b.created, end: c.created })).resolves.toEqual([b.token]);
    });

    it('pages backwards with ending_before', async () => {
      const { client } = await sandbox.newAccount();
      const cards: Card[] = [];
      for (let i = 0; i < 5; i++) {
        cards.push(await client.cards.create({ type: 'VIRTUAL', memo: `card ${i}` }));
        await sleep(2);
      }
      const [c0, c1, c2, c3, c4] = cards;
      const all = await client.cards.list();
      expect(all.data.map((c) => c.token)).toEqual([c4.token, c3.token, c2.token, c1.token, c0.token]);
      const before = await client.cards.list({ ending_before: c1.token, page_size: 2 });
      expectMatchesSpec({ data: before.data, has_more: before.has_more }, '/v1/cards', 'get');
      expect(before.data.map((c) => c.token)).toEqual([c3.token, c2.token]);
      expect(before.has_more).toBe(true);
      const after = await client.cards.list({ starting_after: c3.token, page_size: 2 });
      expect(after.data.map((c) => c.token)).toEqual([c2.token, c1.token]);
      expect(after.has_more).toBe(true);
      // The SDK walks backwards from there to the newest card.
      const backwards = await listAll(client, { ending_before: c1.token, page_size: 1 });
      expect(new Set(backwards.map((c) => c.token))).toEqual(new Set([c2.token, c3.token, c4.token]));
    });
  });

  describe('updating', () => {
    it('pauses a card and opens it again', async () => {
      const { client } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL' });
      const paused = await client.cards.update(card.token, { state: 'PAUSED' });
      expectMatchesSpec(paused, '/v1/cards/{card_token}', 'patch');
      expect(paused.state).toBe('PAUSED');
      expect(paused.pan).toBe(card.pan);
      const open = await client.cards.update(card.token, { state: 'OPEN' });
      expect(open.state).toBe('OPEN');
      await expect(client.cards.retrieve(card.token)).resolves.toMatchObject({ state: 'OPEN' });
    });

    it('refuses to reopen or pause a CLOSED card with a 400 the SDK will not retry', async () => {
      const { client } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL' });
      const closed = await client.cards.update(card.token, { state: 'CLOSED' });
      expect(closed.state).toBe('CLOSED');
      for (const state of ['OPEN', 'PAUSED'] as const) {
        const error = await failure(client.cards.update(card.token, { state }));
        expect(error).toBeInstanceOf(Lithic.BadRequestError);
        expect((error as APIError).headers?.get('x-should-retry')).toBe('false');
        expectMatchesSpec(errorBody(error), '/v1/cards/{card_token}', 'patch', 400);
        expect(errorBody(error).message).toMatch(/\bstate\b/);
      }
      await expect(client.cards.retrieve(card.token)).resolves.toMatchObject({ state: 'CLOSED' });
    });

    it('updates the memo without touching anything else', async () => {
      const { client } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL', memo: 'before', spend_limit: 500 });
      const updated = await client.cards.update(card.token, { memo: 'after' });
      expect(updated).toEqual({ ...card, memo: 'after' });
    });

    it('creates a card with a spend limit and changes it', async () => {
      const { client } = await sandbox.newAccount();
      const unlimited = await client.cards.create({ type: 'VIRTUAL' });
      expect(unlimited.spend_limit).toBe(0);
      const card = await client.cards.create({
        type: 'VIRTUAL',
        spend_limit: 5_000,
        spend_limit_duration: 'MONTHLY',
      });
      expect(card).toMatchObject({ spend_limit: 5_000, spend_limit_duration: 'MONTHLY' });
      const updated = await client.cards.update(card.token, {
        spend_limit: 12_345,
        spend_limit_duration: 'FOREVER',
      });
      expectMatchesSpec(updated, '/v1/cards/{card_token}', 'patch');
      expect(updated).toMatchObject({ spend_limit: 12_345, spend_limit_duration: 'FOREVER' });
      await expect(client.cards.retrieve(card.token)).resolves.toMatchObject({
        spend_limit: 12_345,
        spend_limit_duration: 'FOREVER',
      });
      const removed = await client.cards.update(card.token, { spend_limit: 0 });
      expect(removed).toMatchObject({ spend_limit: 0, spend_limit_duration: 'FOREVER' });
    });
  });

  describe('errors and authentication', () => {
    it('answers an unknown card token with NotFoundError', async () => {
      const { client } = await sandbox.newAccount();
      const error = await failure(client.cards.retrieve('7ef7d65c-9023-4da3-b113-3b8583fd7951'));
      expect(error).toBeInstanceOf(Lithic.NotFoundError);
      expectMatchesSpec(errorBody(error), '/v1/cards/{card_token}', 'get', 404);
      await expect(
        failure(client.cards.update('7ef7d65c-9023-4da3-b113-3b8583fd7951', { memo: 'x' })),
      ).resolves.toBeInstanceOf(Lithic.NotFoundError);
    });

    it('answers a malformed card token with a 400 naming it', async () => {
      const { client } = await sandbox.newAccount();
      const error = await failure(client.cards.retrieve('not-a-token'));
      expect(error).toBeInstanceOf(Lithic.BadRequestError);
      expect(errorBody(error).message).toMatch(/card_token/);
    });

    it('refuses a request without a key or with an unknown key with AuthenticationError', async () => {
      const { client } = await sandbox.newAccount();
      const missing = await failure(client.cards.list({}, { headers: { Authorization: null } }));
      expect(missing).toBeInstanceOf(Lithic.AuthenticationError);
      expectMatchesSpec(errorBody(missing), '/v1/cards', 'get', 401);
      const unknown = await failure(sandbox.client('sk_sandbox_not_a_real_key').cards.list());
      expect(unknown).toBeInstanceOf(Lithic.AuthenticationError);
      const rawMissing = await raw(sandbox.url, '/v1/cards');
      expect(rawMissing.status).toBe(401);
    });

    it('accepts the key raw, as `api-key <key>` and as `Bearer <key>`', async () => {
      const { apiKey, client } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL' });
      for (const authorization of [apiKey, `api-key ${apiKey}`, `Bearer ${apiKey}`]) {
        const response = await raw(sandbox.url, `/v1/cards/${card.token}`, { authorization });
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ token: card.token, pan: card.pan });
      }
      const wrong = await raw(sandbox.url, `/v1/cards/${card.token}`, { authorization: `Bearer x${apiKey}` });
      expect(wrong.status).toBe(401);
    });

    it("hides one account's cards from another account's key", async () => {
      const owner = await sandbox.newAccount();
      const other = await sandbox.newAccount();
      const card = await owner.client.cards.create({ type: 'VIRTUAL', memo: 'private' });
      await other.client.cards.create({ type: 'VIRTUAL', memo: 'theirs' });
      await expect(failure(other.client.cards.retrieve(card.token))).resolves.toBeInstanceOf(
        Lithic.NotFoundError,
      );
      await expect(
        failure(other.client.cards.update(card.token, { state: 'CLOSED' })),
      ).resolves.toBeInstanceOf(Lithic.NotFoundError);
      await expect(failure(other.client.cards.searchByPan({ pan: card.pan! }))).resolves.toBeInstanceOf(
        Lithic.NotFoundError,
      );
      const theirs = await listAll(other.client);
      expect(theirs.map((c) => c.token)).not.toContain(card.token);
      expect(theirs).toHaveLength(1);
      await expect(listAll(other.client, { account_token: owner.accountToken })).resolves.toEqual([]);
      await expect(owner.client.cards.retrieve(card.token)).resolves.toMatchObject({ state: 'OPEN' });
    });
  });

  describe('idempotency', () => {
    it('returns the same card for the same Idempotency-Key and body', async () => {
      const { client } = await sandbox.newAccount();
      const key = randomIdempotencyKey();
      const body = { type: 'VIRTUAL', memo: 'once' } as const;
      const first = await client.cards.create(body, { headers: { 'Idempotency-Key': key } });
      const second = await client.cards.create(body, { headers: { 'Idempotency-Key': key } });
      expectMatchesSpec(second, '/v1/cards', 'post');
      expect(second).toEqual(first);
      await expect(listAll(client)).resolves.toHaveLength(1);
    });

    it('refuses the same Idempotency-Key with another body with a 409 the SDK will not retry', async () => {
      const { client } = await sandbox.newAccount();
      const key = randomIdempotencyKey();
      await client.cards.create({ type: 'VIRTUAL', memo: 'one' }, { headers: { 'Idempotency-Key': key } });
      const error = await failure(
        client.cards.create({ type: 'VIRTUAL', memo: 'two' }, { headers: { 'Idempotency-Key': key } }),
      );
      expect(error).toBeInstanceOf(Lithic.ConflictError);
      expect((error as APIError).headers?.get('x-should-retry')).toBe('false');
      expect(errorBody(error)).toEqual({
        debugging_request_id: expect.any(String),
        message: expect.stringMatching(/Idempotency-Key/),
      });
      await expect(listAll(client)).resolves.toHaveLength(1);
    });

    it('creates exactly one card when the same Idempotency-Key arrives many times at once', async () => {
      const { client } = await sandbox.newAccount();
      await client.cards.list(); // warm the pool and the key cache
      const key = randomIdempotencyKey();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, () =>
          client.cards.create(
            { type: 'SINGLE_USE', memo: 'racing' },
            { headers: { 'Idempotency-Key': key } },
          ),
        ),
      );
      const cards = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      const errors = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      expect(cards.length).toBeGreaterThanOrEqual(1);
      expect(new Set(cards.map((c) => c.token)).size).toBe(1);
      // A request that finds the first still running is told so with a 429 the SDK retries after
      // retry-after (the spec lists no 409); a retry that still finds it running gives up with it.
      for (const error of errors) expect(error).toBeInstanceOf(Lithic.RateLimitError);
      await expect(listAll(client)).resolves.toEqual([expect.objectContaining({ token: cards[0].token })]);
      const replay = await client.cards.create(
        { type: 'SINGLE_USE', memo: 'racing' },
        { headers: { 'Idempotency-Key': key } },
      );
      expect(replay).toEqual(cards[0]);
    });

    it('refuses an Idempotency-Key longer than 255 characters with a 400', async () => {
      const { client } = await sandbox.newAccount();
      const error = await failure(
        client.cards.create({ type: 'VIRTUAL' }, { headers: { 'Idempotency-Key': 'k'.repeat(256) } }),
      );
      expect(error).toBeInstanceOf(Lithic.BadRequestError);
      expect(errorBody(error).message).toMatch(/Idempotency-Key/);
      await expect(listAll(client)).resolves.toEqual([]);
    });

    it('creates different cards for different Idempotency-Keys', async () => {
      const { client } = await sandbox.newAccount();
      const body = { type: 'VIRTUAL', memo: 'same body' } as const;
      const a = await client.cards.create(body, { headers: { 'Idempotency-Key': randomIdempotencyKey() } });
      const b = await client.cards.create(body, { headers: { 'Idempotency-Key': randomIdempotencyKey() } });
      expect(a.token).not.toBe(b.token);
      expect(a.pan).not.toBe(b.pan);
    });

    it("keeps one account's Idempotency-Keys apart from another's", async () => {
      const one = await sandbox.newAccount();
      const two = await sandbox.newAccount();
      const key = randomIdempotencyKey();
      const body = { type: 'VIRTUAL', memo: 'shared key' } as const;
      const a = await one.client.cards.create(body, { headers: { 'Idempotency-Key': key } });
      const b = await two.client.cards.create(body, { headers: { 'Idempotency-Key': key } });
      expect(b.token).not.toBe(a.token);
      expect(b.account_token).toBe(two.accountToken);
    });

    it('creates a card without an Idempotency-Key, as the SDK sends by default', async () => {
      const { client } = await sandbox.newAccount();
      const a = await client.cards.create({ type: 'VIRTUAL' });
      const b = await client.cards.create({ type: 'VIRTUAL' });
      expect(a.token).not.toBe(b.token);
    });
  });

  describe('search by PAN', () => {
    it('finds the card by its PAN', async () => {
      const { client } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'MERCHANT_LOCKED', memo: 'find me' });
      await client.cards.create({ type: 'VIRTUAL' });
      const found = await client.cards.searchByPan({ pan: card.pan! });
      expectMatchesSpec(found, '/v1/cards/search_by_pan', 'post');
      expect(found).toEqual(card);
    });

    it('answers an unknown PAN with NotFoundError', async () => {
      const { client } = await sandbox.newAccount();
      const error = await failure(client.cards.searchByPan({ pan: '4111111111111111' }));
      expect(error).toBeInstanceOf(Lithic.NotFoundError);
      expectMatchesSpec(errorBody(error), '/v1/cards/search_by_pan', 'post', 404);
      expect(errorBody(error).message).not.toContain('4111111111111111');
    });
  });
});
