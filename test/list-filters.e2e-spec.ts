/**
 * Every filter of every implemented list narrows, and every cursor pages: the spec-driven contract
 * suite proves each query parameter is accepted, this file proves it does what Lithic says. One
 * account is seeded in three phases an hour apart on its clock (so begin/end have clean boundaries),
 * then only read.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { raw } from './support/http.js';
import { SLOW_MS, testDatabase, useSandbox, type TestAccount } from './support/sandbox.js';
import { SHIPPING_ADDRESS } from './support/spec-fixtures.js';
import { eventually, Receiver } from './support/webhooks.js';

type Item = Record<string, unknown> & { token: string; created: string };
type Query = Partial<Record<string, string>>;

describe(`list filters and paging, over HTTP, on the ${testDatabase()} database`, () => {
  // One attempt per delivery: no retry adds an attempt while a test compares two reads of a list.
  const sandbox = useSandbox({ env: { WEBHOOK_MAX_ATTEMPTS: '1' } });
  let account: TestAccount;
  let ok: Receiver;
  let failing: Receiver;
  /** The first instant of phases 2 and 3 on the account's clock. */
  const phase: string[] = [];
  const cards: Record<'a' | 'b' | 'c', Item> = {} as never;
  let subscriptions: string[] = [];

  const get = async (path: string, query: Query = {}) => {
    const search = new URLSearchParams(query as Record<string, string>).toString();
    const response = await raw(sandbox.url, `${path}${search ? `?${search}` : ''}`, {
      apiKey: account.apiKey,
    });
    expect({ path, query, status: response.status }).toEqual({ path, query, status: 200 });
    return response.body as { data: Item[]; has_more?: boolean };
  };
  /** A seeding call; a charge's 422 decline is an answer too. */
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await raw(sandbox.url, path, { method, apiKey: account.apiKey, body });
    if (response.status >= 300 && response.status !== 422)
      throw new Error(`${method} ${path} -> ${response.status} ${response.text}`);
    return response.body as Item;
  };
  const advanceHour = async () => {
    await call('POST', '/sandbox/clock/advance', { seconds: 3600 });
    return String((await call('GET', '/sandbox/clock')).now);
  };
  const charge = (card: Item, amount: number) =>
    call('POST', '/v1/simulate/authorize', { amount, descriptor: 'FILTER SHOP', pan: card.pan });

  beforeAll(async () => {
    account = await sandbox.newAccount();
    ok = await Receiver.start();
    failing = await Receiver.start(() => ({ status: 500, body: 'down' }));
    subscriptions = [
      (await call('POST', '/v1/event_subscriptions', { url: ok.url })).token,
      (await call('POST', '/v1/event_subscriptions', { url: failing.url })).token,
      (await call('POST', '/v1/event_subscriptions', { url: ok.url, disabled: true })).token,
    ];
    // Phase 1: card a, a settled charge.
    cards.a = await call('POST', '/v1/cards', { type: 'VIRTUAL', memo: 'alpha coffee' });
    const settled = await charge(cards.a, 1000);
    await call('POST', '/v1/simulate/clearing', { token: settled.token });
    phase.push(await advanceHour());
    // Phase 2: card b, paused, with a declined charge; a pending charge on a.
    cards.b = await call('POST', '/v1/cards', { type: 'VIRTUAL', memo: 'beta' });
    await call('PATCH', `/v1/cards/${cards.b.token}`, { state: 'PAUSED' });
    cards.b = await call('GET', `/v1/cards/${cards.b.token}`);
    await charge(cards.b, 700);
    await charge(cards.a, 500);
    phase.push(await advanceHour());
    // Phase 3: a physical card c, a voided charge and a refund on a.
    cards.c = await call('POST', '/v1/cards', {
      type: 'PHYSICAL',
      memo: 'gamma alpha',
      shipping_address: SHIPPING_ADDRESS,
    });
    const voided = await charge(cards.a, 300);
    await call('POST', '/v1/simulate/void', { token: voided.token });
    await call('POST', '/v1/simulate/return', { amount: 200, descriptor: 'FILTER SHOP', pan: cards.a.pan });
    // Every event is delivered once to each enabled subscription, and every attempt has its outcome,
    // before any test reads a list: nothing changes under them.
    const events = (await all('/v1/events')).length;
    await eventually('every attempt done', async () => {
      const attempts = (
        await Promise.all(subscriptions.slice(0, 2).map((t) => all(`/v1/event_subscriptions/${t}/attempts`)))
      ).flat();
      return (
        attempts.length === 2 * events &&
        attempts.every((a) => a.status === 'SUCCESS' || a.status === 'FAILED')
      );
    });
  }, SLOW_MS);
  afterAll(async () => {
    await ok?.stop();
    await failing?.stop();
  });

  /** Every item of the list, following has_more with starting_after. */
  const all = async (path: string, query: Query = {}): Promise<Item[]> => {
    const items: Item[] = [];
    for (let page = await get(path, query); ;) {
      items.push(...page.data);
      if (!page.has_more) return items;
      page = await get(path, { ...query, starting_after: page.data.at(-1)!.token });
    }
  };
  const tokens = (items: Item[]) => items.map((item) => item.token);

  /**
   * The filtered list is exactly the unfiltered one's items the predicate keeps (in the same order),
   * and the filter both keeps some and drops some: it narrows.
   */
  async function expectNarrows(path: string, query: Query, keeps: (item: Item) => boolean, base: Query = {}) {
    const everything = await all(path, base);
    const expected = everything.filter(keeps);
    expect({ query, some: expected.length > 0, notAll: expected.length < everything.length }).toEqual({
      query,
      some: true,
      notAll: true,
    });
    expect({ query, tokens: tokens(await all(path, { ...base, ...query })) }).toEqual({
      query,
      tokens: tokens(expected),
    });
  }

  /** page_size=1 with starting_after walks the whole list; ending_before walks it back. */
  async function expectPages(path: string, base: Query = {}) {
    const everything = await all(path, base);
    expect(everything.length).toBeGreaterThanOrEqual(3);
    const forward: string[] = [];
    let page = await get(path, { ...base, page_size: '1' });
    for (;;) {
      expect(page.data).toHaveLength(1);
      forward.push(page.data[0].token);
      if (!page.has_more) break;
      page = await get(path, { ...base, page_size: '1', starting_after: page.data[0].token });
    }
    expect(forward).toEqual(tokens(everything));
    const backward: string[] = [];
    let cursor = everything.at(-1)!.token;
    for (;;) {
      const before = await get(path, { ...base, page_size: '1', ending_before: cursor });
      if (before.data.length === 0) break;
      backward.unshift(before.data[0].token);
      cursor = before.data[0].token;
    }
    expect([...backward, everything.at(-1)!.token]).toEqual(tokens(everything));
    const two = await get(path, { ...base, page_size: '2' });
    expect({ size: two.data.length, has_more: two.has_more }).toEqual({
      size: 2,
      has_more: everything.length > 2,
    });
    // A cursor naming nothing of the account's (shaped like its tokens) lists nothing.
    const prefix = /^([a-z]+)_/.exec(everything[0].token)?.[1];
    const unknown = prefix ? `${prefix}_${'0'.repeat(27)}` : randomUUID();
    expect((await get(path, { ...base, starting_after: unknown })).data).toEqual([]);
  }

  const createdAtOrAfter = (instant: string) => (item: Item) =>
    Date.parse(item.created) >= Date.parse(instant);
  const createdBefore = (instant: string) => (item: Item) => Date.parse(item.created) < Date.parse(instant);

  describe('GET /v1/accounts', () => {
    it("lists the caller's account only inside begin/end, and nothing before or after a cursor", async () => {
      const [own] = await all('/v1/accounts');
      expect(own.token).toBe(account.accountToken);
      const created = Date.parse(own.created);
      const at = (ms: number) => new Date(created + ms).toISOString();
      for (const query of [{ begin: at(0) }, { end: at(1) }, { begin: at(-1000), end: at(1000) }])
        expect({ query, tokens: tokens(await all('/v1/accounts', query)) }).toEqual({
          query,
          tokens: [own.token],
        });
      for (const query of [
        { begin: at(1) },
        { end: at(0) },
        { starting_after: own.token },
        { ending_before: own.token },
      ])
        expect({ query, tokens: tokens(await all('/v1/accounts', query)) }).toEqual({ query, tokens: [] });
      expect((await get('/v1/accounts', { page_size: '1' })).data).toHaveLength(1);
    });
  });

  describe('GET /v1/cards', () => {
    it.each([
      ['state', { state: 'PAUSED' }, (c: Item) => c.state === 'PAUSED'],
      [
        'state (a PHYSICAL card pending fulfilment)',
        { state: 'PENDING_FULFILLMENT' },
        (c: Item) => c.state === 'PENDING_FULFILLMENT',
      ],
      ['memo (contains)', { memo: 'alpha' }, (c: Item) => String(c.memo).includes('alpha')],
    ])('narrows by %s', async (_, query, keeps) => {
      await expectNarrows('/v1/cards', query, keeps);
    });

    it('narrows by begin and end', async () => {
      await expectNarrows('/v1/cards', { begin: phase[0] }, createdAtOrAfter(phase[0]));
      await expectNarrows('/v1/cards', { end: phase[1] }, createdBefore(phase[1]));
      await expectNarrows('/v1/cards', { begin: phase[0], end: phase[1] }, (c) => c.token === cards.b.token);
    });

    it('lists the own account_token and nothing of another', async () => {
      expect(tokens(await all('/v1/cards', { account_token: account.accountToken }))).toEqual(
        tokens(await all('/v1/cards')),
      );
      expect(await all('/v1/cards', { account_token: randomUUID() })).toEqual([]);
    });

    it('pages', () => expectPages('/v1/cards'));
  });

  describe('GET /v1/transactions', () => {
    it.each([
      [
        'card_token',
        () => ({ card_token: String(cards.b.token) }),
        (t: Item) => t.card_token === cards.b.token,
      ],
      ['result', () => ({ result: 'DECLINED' }), (t: Item) => t.result !== 'APPROVED'],
      ['status SETTLED', () => ({ status: 'SETTLED' }), (t: Item) => t.status === 'SETTLED'],
      ['status PENDING', () => ({ status: 'PENDING' }), (t: Item) => t.status === 'PENDING'],
      ['status VOIDED', () => ({ status: 'VOIDED' }), (t: Item) => t.status === 'VOIDED'],
      ['begin', () => ({ begin: phase[1] }), (t: Item) => createdAtOrAfter(phase[1])(t)],
      ['end', () => ({ end: phase[0] }), (t: Item) => createdBefore(phase[0])(t)],
    ])('narrows by %s', async (_, query, keeps) => {
      await expectNarrows('/v1/transactions', query(), keeps);
    });

    it('lists the own account_token and nothing of another', async () => {
      const everything = tokens(await all('/v1/transactions'));
      expect(tokens(await all('/v1/transactions', { account_token: account.accountToken }))).toEqual(
        everything,
      );
      expect(await all('/v1/transactions', { account_token: randomUUID() })).toEqual([]);
    });

    it('pages', () => expectPages('/v1/transactions'));
  });

  describe('financial transactions (of the ISSUING account, and of a card)', () => {
    const issuing = async () => (await get('/v1/financial_accounts', { type: 'ISSUING' })).data[0].token;

    const paths = async () => [
      `/v1/financial_accounts/${await issuing()}/financial_transactions`,
      `/v1/cards/${String(cards.a.token)}/financial_transactions`,
    ];

    it.each([
      ['status SETTLED', { status: 'SETTLED' }, (t: Item) => t.status === 'SETTLED'],
      ['status PENDING', { status: 'PENDING' }, (t: Item) => t.status === 'PENDING'],
      ['status VOIDED', { status: 'VOIDED' }, (t: Item) => t.status === 'VOIDED'],
    ])('narrows by %s', async (_, query, keeps) => {
      for (const path of await paths()) await expectNarrows(path, query, keeps);
    });

    it('narrows by result (the account has a declined charge)', async () => {
      const [path] = await paths();
      await expectNarrows(path, { result: 'DECLINED' }, (t) => t.result === 'DECLINED');
      await expectNarrows(path, { status: 'DECLINED' }, (t) => t.status === 'DECLINED');
    });

    it('narrows by begin and end', async () => {
      const path = `/v1/financial_accounts/${await issuing()}/financial_transactions`;
      await expectNarrows(path, { begin: phase[1] }, createdAtOrAfter(phase[1]));
      await expectNarrows(path, { end: phase[0] }, createdBefore(phase[0]));
      const card = `/v1/cards/${cards.a.token}/financial_transactions`;
      await expectNarrows(
        card,
        { begin: phase[0], end: phase[1] },
        (t) => createdAtOrAfter(phase[0])(t) && createdBefore(phase[1])(t),
      );
    });

    it('lists every one for category CARD and none for the categories the sandbox has none of', async () => {
      const path = `/v1/financial_accounts/${await issuing()}/financial_transactions`;
      const everything = tokens(await all(path));
      expect(everything.length).toBeGreaterThan(0);
      expect(tokens(await all(path, { category: 'CARD' }))).toEqual(everything);
      for (const category of ['ACH', 'TRANSFER']) expect(await all(path, { category })).toEqual([]);
      const card = `/v1/cards/${cards.a.token}/financial_transactions`;
      expect(tokens(await all(card, { category: 'CARD' }))).toEqual(tokens(await all(card)));
      expect(await all(card, { category: 'TRANSFER' })).toEqual([]);
    });

    it('pages', async () => {
      await expectPages(`/v1/financial_accounts/${await issuing()}/financial_transactions`);
      await expectPages(`/v1/cards/${cards.a.token}/financial_transactions`);
    });
  });

  describe('financial accounts and balances', () => {
    it('narrows financial accounts by type, and lists none of another account', async () => {
      await expectNarrows('/v1/financial_accounts', { type: 'RESERVE' }, (f) => f.type === 'RESERVE');
      expect(
        (await get('/v1/financial_accounts', { account_token: account.accountToken })).data,
      ).toHaveLength(2);
      for (const query of [{ account_token: randomUUID() }, { business_account_token: randomUUID() }])
        expect((await get('/v1/financial_accounts', query)).data).toEqual([]);
    });

    it('narrows balances by financial_account_type, and lists none of another account', async () => {
      const both = (await get('/v1/balances')).data;
      expect(both.map((b) => b.financial_account_type).sort()).toEqual(['ISSUING', 'RESERVE']);
      const issuing = (await get('/v1/balances', { financial_account_type: 'ISSUING' })).data;
      expect(issuing.map((b) => b.financial_account_type)).toEqual(['ISSUING']);
      expect((await get('/v1/balances', { account_token: account.accountToken })).data).toHaveLength(2);
      for (const query of [{ account_token: randomUUID() }, { business_account_token: randomUUID() }])
        expect((await get('/v1/balances', query)).data).toEqual([]);
    });

    it('reads balances as of balance_date', async () => {
      const [now] = (await get('/v1/balances', { financial_account_type: 'ISSUING' })).data;
      const [before] = (
        await get('/v1/balances', { financial_account_type: 'ISSUING', balance_date: phase[0] })
      ).data;
      // Phase 1 settled 1000; later phases add a pending 500 and a 200 refund.
      expect({ total: before.total_amount, pending: before.pending_amount }).toEqual({
        total: -1000,
        pending: 0,
      });
      expect({ total: now.total_amount, pending: now.pending_amount }).toEqual({ total: -800, pending: 500 });
    });
  });

  describe('events, subscriptions and delivery attempts', () => {
    it('narrows events by event_types, begin and end', async () => {
      await expectNarrows(
        '/v1/events',
        { event_types: 'card.created' },
        (e) => e.event_type === 'card.created',
      );
      await expectNarrows('/v1/events', { event_types: 'card.created,card.updated' }, (e) =>
        ['card.created', 'card.updated'].includes(String(e.event_type)),
      );
      await expectNarrows('/v1/events', { begin: phase[1] }, createdAtOrAfter(phase[1]));
      await expectNarrows('/v1/events', { end: phase[0] }, createdBefore(phase[0]));
    });

    it('pages events, and empties every payload with with_content=false', async () => {
      await expectPages('/v1/events');
      const bare = await all('/v1/events', { with_content: 'false' });
      expect(bare.length).toBeGreaterThan(0);
      for (const event of bare) expect(event.payload).toEqual({});
    });

    it('reads a wrong events query leniently, as its spec entry (no 400) asks', async () => {
      const everything = tokens(await all('/v1/events'));
      const created = tokens(await all('/v1/events', { event_types: 'card.created' }));
      // An unknown type matches nothing: alone it lists nothing, beside a known one it is ignored.
      expect(await all('/v1/events', { event_types: 'card.exploded' })).toEqual([]);
      expect(tokens(await all('/v1/events', { event_types: 'card.exploded,card.created' }))).toEqual(created);
      expect((await get('/v1/events', { page_size: '0' })).data).toHaveLength(1);
      expect((await get('/v1/events', { page_size: '1000' })).data).toHaveLength(
        Math.min(100, everything.length),
      );
      expect((await get('/v1/events', { page_size: 'ten' })).data).toHaveLength(
        Math.min(50, everything.length),
      );
      for (const query of [{ begin: 'yesterday' }, { end: '2026-13-45T00:00:00Z' }])
        expect(tokens(await all('/v1/events', query))).toEqual(everything);
      expect((await get('/v1/events', { starting_after: 'not a token' })).data).toEqual([]);
      const both = await get('/v1/events', { starting_after: everything[0], ending_before: everything[2] });
      expect(tokens(both.data)).toEqual(everything.slice(1, 51));
      expect((await get('/v1/events', { with_content: 'maybe' })).data[0].payload).not.toEqual({});
    });

    it('pages subscriptions', async () => {
      expect(tokens(await all('/v1/event_subscriptions')).sort()).toEqual([...subscriptions].sort());
      await expectPages('/v1/event_subscriptions');
    });

    it('narrows delivery attempts by status, begin and end, and pages them', async () => {
      const [delivered, failed] = subscriptions;
      for (const token of [delivered, failed]) {
        const path = `/v1/event_subscriptions/${token}/attempts`;
        expect((await all(path)).every((a) => a.event_subscription_token === token)).toBe(true);
      }
      // Each event has one attempt per enabled subscription: one delivered, one failed.
      const [event] = await all('/v1/events', { event_types: 'card.created' });
      const eventPath = `/v1/events/${event.token}/attempts`;
      await expectNarrows(eventPath, { status: 'FAILED' }, (a) => a.event_subscription_token === failed);
      await expectNarrows(eventPath, { status: 'SUCCESS' }, (a) => a.event_subscription_token === delivered);
      const path = `/v1/event_subscriptions/${delivered}/attempts`;
      const attempts = await all(path);
      expect(attempts.length).toBeGreaterThanOrEqual(3);
      // Attempts are timed by the wall clock: split them at a time between two of them.
      const times = [...new Set(attempts.map((a) => Date.parse(a.created)))].sort((x, y) => x - y);
      expect(times.length).toBeGreaterThanOrEqual(2);
      const middle = new Date(times[Math.floor(times.length / 2)]).toISOString();
      await expectNarrows(path, { begin: middle }, createdAtOrAfter(middle));
      await expectNarrows(path, { end: middle }, createdBefore(middle));
      await expectPages(path);
    });
  });
});
