/**
 * Privacy.com's own API over raw HTTP, exactly as its community clients call it: `Authorization:
 * api-key <key>`, singular routes, page numbers. The cards are the same ones Lithic's routes see.
 */
import { describe, expect, it } from '@jest/globals';
import { raw, type RawResponse } from './support/http.js';
import { testDatabase, useSandbox } from './support/sandbox.js';

interface PrivacyCard {
  token: string;
  type: string;
  state: string;
  memo: string;
  pan: string;
  cvv: string;
  last_four: string;
  exp_month: string;
  exp_year: string;
  spend_limit: number;
  spend_limit_duration: string;
  hostname: string;
  created: string;
  funding: { token: string; type: string; state: string; account_name: string; last_four: string };
}
interface PrivacyPage<T> {
  data: T[];
  page: number;
  total_entries: number;
  total_pages: number;
}

describe(`Privacy.com's API on the ${testDatabase()} database`, () => {
  const sandbox = useSandbox();

  /** A fresh account and a client that calls as privacy-ts and privacy-python do. */
  async function privacyClient() {
    const account = await sandbox.newAccount();
    const call = (method: string, path: string, body?: unknown): Promise<RawResponse> =>
      raw(sandbox.url, path, { method, body, authorization: `api-key ${account.apiKey}` });
    return { ...account, call };
  }

  describe('authentication', () => {
    it.each([
      [undefined, 'Please provide API key in Authorization header'],
      ['Bearer nope', 'Please provide API key in the form Authorization: api-key [api-key]'],
      ['api-key not-a-key', 'Could not find API key'],
    ])('Authorization %s is a 401 with Privacy\'s text "%s"', async (authorization, message) => {
      const response = await raw(sandbox.url, '/v1/card', { authorization });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ message });
    });

    it('refuses the bare key on Privacy routes, which Privacy requires in the api-key form', async () => {
      const { apiKey } = await sandbox.newAccount();
      const response = await raw(sandbox.url, '/v1/card', { authorization: apiKey });
      expect(response.status).toBe(401);
      expect(response.body).toEqual({
        message: 'Please provide API key in the form Authorization: api-key [api-key]',
      });
    });

    it("accepts the api-key form on Lithic's plural routes, and the bare key keeps working there", async () => {
      const { apiKey } = await sandbox.newAccount();
      for (const authorization of [`api-key ${apiKey}`, apiKey]) {
        const created = await raw(sandbox.url, '/v1/cards', {
          method: 'POST',
          authorization,
          body: { type: 'SINGLE_USE' },
        });
        expect(created.status).toBe(200);
        const token = (created.body as { token: string }).token;
        const patched = await raw(sandbox.url, `/v1/cards/${token}`, {
          method: 'PATCH',
          authorization,
          body: { memo: 'renamed' },
        });
        expect(patched.status).toBe(200);
        expect((await raw(sandbox.url, '/v1/transactions', { authorization })).status).toBe(200);
        expect((await raw(sandbox.url, `/v1/cards/${token}`, { authorization })).status).toBe(200);
      }
    });

    it("answers a 429 (an injected fault) with Privacy's rate-limit text and retry-after on its routes", async () => {
      const { apiKey, call } = await privacyClient();
      const injected = await raw(sandbox.url, '/sandbox/faults', {
        method: 'POST',
        apiKey,
        body: { method: 'GET', path: '/v1/card', status: 429, retry_after: 1 },
      });
      expect(injected.status).toBe(201);
      const limited = await call('GET', '/v1/card');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('1');
      expect(limited.body).toEqual({ message: 'Rate limited, too many requests per second' });
      expect((await call('GET', '/v1/card')).status).toBe(200);
    });

    it("keeps Lithic's error body on Lithic's routes", async () => {
      const response = await raw(sandbox.url, '/v1/cards', { authorization: 'api-key nope' });
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({
        debugging_request_id: expect.any(String),
        message: expect.any(String),
      });
    });
  });

  describe('cards', () => {
    it("creates a card with its PAN, CVV and funding account, in Privacy's Card shape", async () => {
      const { call } = await privacyClient();
      const created = await call('POST', '/v1/card', {
        type: 'SINGLE_USE',
        memo: 'groceries',
        spend_limit: 5000,
        spend_limit_duration: 'TRANSACTION',
      });
      expect(created.status).toBe(200);
      const card = created.body as PrivacyCard;
      expect(Object.keys(card).sort()).toEqual(
        [
          'created',
          'cvv',
          'funding',
          'exp_month',
          'exp_year',
          'hostname',
          'last_four',
          'memo',
          'pan',
          'spend_limit',
          'spend_limit_duration',
          'state',
          'token',
          'type',
        ].sort(),
      );
      expect(card).toMatchObject({
        type: 'SINGLE_USE',
        state: 'OPEN',
        memo: 'groceries',
        spend_limit: 5000,
        spend_limit_duration: 'TRANSACTION',
        last_four: card.pan.slice(-4),
        hostname: '',
        funding: { type: 'DEPOSITORY_CHECKING', state: 'ENABLED' },
      });
      expect(card.cvv).toMatch(/^\d{3}$/);
      expect(card.pan).toMatch(/^\d{16}$/);
    });

    it('pages by number: page, page_size, total_entries, total_pages, card_token', async () => {
      const { call } = await privacyClient();
      const tokens: string[] = [];
      for (let i = 0; i < 5; i++)
        tokens.push(
          ((await call('POST', '/v1/card', { type: 'MERCHANT_LOCKED', memo: `c${i}` })).body as PrivacyCard)
            .token,
        );
      const first = (await call('GET', '/v1/card?page=1&page_size=2')).body as PrivacyPage<PrivacyCard>;
      expect(first).toMatchObject({ page: 1, total_entries: 5, total_pages: 3 });
      expect(first.data.map((c) => c.memo)).toEqual(['c4', 'c3']);
      const last = (await call('GET', '/v1/card?page=3&page_size=2')).body as PrivacyPage<PrivacyCard>;
      expect(last.data.map((c) => c.memo)).toEqual(['c0']);
      const beyond = (await call('GET', '/v1/card?page=4&page_size=2')).body as PrivacyPage<PrivacyCard>;
      expect(beyond).toEqual({ data: [], page: 4, total_entries: 5, total_pages: 3 });
      const one = (await call('GET', `/v1/card?card_token=${tokens[2]}`)).body as PrivacyPage<PrivacyCard>;
      expect(one).toMatchObject({ page: 1, total_entries: 1, total_pages: 1 });
      expect(one.data[0]).toMatchObject({
        token: tokens[2],
        memo: 'c2',
        pan: expect.stringMatching(/^\d{16}$/),
      });
      const defaults = (await call('GET', '/v1/card')).body as PrivacyPage<PrivacyCard>;
      expect(defaults).toMatchObject({ page: 1, total_entries: 5, total_pages: 1 });
    });

    it('filters by begin and end as whole days (UTC)', async () => {
      const { call } = await privacyClient();
      const card = (await call('POST', '/v1/card', { type: 'SINGLE_USE' })).body as PrivacyCard;
      const day = card.created.slice(0, 10);
      const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const count = async (query: string) =>
        ((await call('GET', `/v1/card?${query}`)).body as PrivacyPage<PrivacyCard>).total_entries;
      await expect(count(`begin=${day}&end=${day}`)).resolves.toBe(1);
      await expect(count(`begin=${next}`)).resolves.toBe(0);
      await expect(count(`end=${day}`)).resolves.toBe(1);
    });

    it.each([
      ['/v1/card?foo=1', 'foo is not a valid parameter'],
      ['/v1/card?page_size=1001', 'page_size must not be greater than 1000'],
      ['/v1/card?page=0', 'page must not be less than 1'],
      ['/v1/card?begin=2026-02-30', 'begin must be a date YYYY-MM-DD'],
      ['/v1/card?end=yesterday', 'end must be a date YYYY-MM-DD'],
    ])('GET %s is a 400 "%s"', async (path, message) => {
      const { call } = await privacyClient();
      const response = await call('GET', path);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ message });
    });

    it('updates with PUT: memo, limit (0 is no limit), pause, and CLOSED is final', async () => {
      const { call } = await privacyClient();
      const card = (await call('POST', '/v1/card', { type: 'MERCHANT_LOCKED', spend_limit: 100 }))
        .body as PrivacyCard;
      const updated = await call('PUT', '/v1/card', {
        card_token: card.token,
        memo: 'netflix',
        spend_limit: 0,
        state: 'PAUSED',
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject({
        token: card.token,
        memo: 'netflix',
        spend_limit: 0,
        state: 'PAUSED',
      });
      expect((await call('PUT', '/v1/card', { card_token: card.token, state: 'CLOSED' })).body).toMatchObject(
        {
          state: 'CLOSED',
        },
      );
      const reopened = await call('PUT', '/v1/card', { card_token: card.token, state: 'OPEN' });
      expect(reopened.status).toBe(400);
      expect(reopened.body).toEqual({ message: expect.stringMatching(/closed/i) });
    });

    it("answers another account's or an unknown card as not found, and names bad fields", async () => {
      const { call } = await privacyClient();
      const other = await privacyClient();
      const card = (await other.call('POST', '/v1/card', { type: 'SINGLE_USE' })).body as PrivacyCard;
      const foreign = await call('PUT', '/v1/card', { card_token: card.token, memo: 'mine' });
      expect(foreign.status).toBe(404);
      expect(foreign.body).toEqual({ message: `Card ${card.token} not found` });
      const badType = await call('POST', '/v1/card', { type: 'PLASTIC' });
      expect(badType.status).toBe(400);
      expect((badType.body as { message: string }).message).toMatch(/^type must be one of/);
      const badFunding = await call('POST', '/v1/card', {
        type: 'SINGLE_USE',
        funding_token: '11111111-1111-4111-8111-111111111111',
      });
      expect(badFunding.status).toBe(400);
      expect(badFunding.body).toEqual({
        message: 'funding_token: funding source 11111111-1111-4111-8111-111111111111 not found',
      });
    });

    it("is the same card through Lithic's routes, both ways", async () => {
      const { call, client } = await privacyClient();
      const viaPrivacy = (await call('POST', '/v1/card', { type: 'SINGLE_USE', memo: 'from privacy' }))
        .body as PrivacyCard;
      const seen = await client.cards.retrieve(viaPrivacy.token);
      expect(seen).toMatchObject({
        token: viaPrivacy.token,
        memo: 'from privacy',
        pan: viaPrivacy.pan,
        cvv: viaPrivacy.cvv,
      });
      const viaLithic = await client.cards.create({ type: 'MERCHANT_LOCKED', memo: 'from lithic' });
      const page = (await call('GET', `/v1/card?card_token=${viaLithic.token}`))
        .body as PrivacyPage<PrivacyCard>;
      expect(page.data[0]).toMatchObject({ memo: 'from lithic', pan: viaLithic.pan, cvv: viaLithic.cvv });
      expect(page.data[0].funding.state).toBe('ENABLED');
    });
  });

  describe('transactions and simulations', () => {
    interface PrivacyTransaction {
      token: string;
      amount: number;
      settled_amount: number;
      result: string;
      status: string;
      created: string;
      card: PrivacyCard;
      events: { amount: number; created: string; result: string; token: string; type: string }[];
      funding: { amount: number; token: string; type: string }[];
      merchant: Record<string, string>;
    }

    it('a single-use card: approved, closed, then declined as SINGLE_USE_RECHARGED, listed by approval', async () => {
      const { call } = await privacyClient();
      const card = (await call('POST', '/v1/card', { type: 'SINGLE_USE' })).body as PrivacyCard;
      const charge = { descriptor: 'COFFEE SHOP', pan: card.pan, amount: 1250 };
      const approved = await call('POST', '/v1/simulate/authorize', charge);
      expect(approved.status).toBe(201);
      expect(approved.body).toEqual({ token: expect.any(String), debugging_request_id: expect.any(String) });
      const closed = (await call('GET', `/v1/card?card_token=${card.token}`))
        .body as PrivacyPage<PrivacyCard>;
      expect(closed.data[0].state).toBe('CLOSED');
      const declined = await call('POST', '/v1/simulate/authorize', charge);
      expect(declined.status).toBe(422);
      expect(declined.body).toEqual({
        debugging_request_id: expect.any(String),
        message: expect.any(String),
      });

      const all = (await call('GET', '/v1/transaction/all')).body as PrivacyPage<PrivacyTransaction>;
      expect(all).toMatchObject({ page: 1, total_entries: 2, total_pages: 1 });
      const approvals = (await call('GET', '/v1/transaction/approvals'))
        .body as PrivacyPage<PrivacyTransaction>;
      expect(approvals.data.map((t) => [t.token, t.result, t.status])).toEqual([
        [(approved.body as { token: string }).token, 'APPROVED', 'PENDING'],
      ]);
      const declines = (await call('GET', '/v1/transaction/declines'))
        .body as PrivacyPage<PrivacyTransaction>;
      expect(declines.total_entries).toBe(1);
      expect(declines.data[0]).toMatchObject({
        result: 'SINGLE_USE_RECHARGED',
        status: 'VOIDED',
        funding: [],
        events: [{ type: 'AUTHORIZATION', result: 'SINGLE_USE_RECHARGED', amount: 1250 }],
      });
    });

    it("answers in Privacy's Transaction shape, with the whole card (no PAN or CVV) and its funding", async () => {
      const { call } = await privacyClient();
      const card = (await call('POST', '/v1/card', { type: 'MERCHANT_LOCKED', memo: 'shop' }))
        .body as PrivacyCard;
      const { token } = (
        await call('POST', '/v1/simulate/authorize', { descriptor: 'BOOK SHOP', pan: card.pan, amount: 700 })
      ).body as { token: string };
      const page = (await call('GET', `/v1/transaction/all?transaction_token=${token}`))
        .body as PrivacyPage<PrivacyTransaction>;
      const transaction = page.data[0];
      for (const field of [
        'amount',
        'settled_amount',
        'card',
        'created',
        'events',
        'funding',
        'merchant',
        'result',
        'status',
        'token',
      ])
        expect(transaction).toHaveProperty(field);
      expect(transaction).toMatchObject({
        token,
        amount: 700,
        settled_amount: 0,
        result: 'APPROVED',
        status: 'PENDING',
        merchant: {
          descriptor: 'BOOK SHOP',
          acceptor_id: '',
          city: '',
          country: 'USA',
          mcc: '5999',
          state: '',
        },
        funding: [{ amount: 700, token: card.funding.token, type: 'DEPOSITORY_CHECKING' }],
        card: {
          token: card.token,
          memo: 'shop',
          last_four: card.last_four,
          pan: null,
          cvv: null,
          hostname: 'BOOK SHOP',
        },
      });
      expect(transaction.events).toEqual([
        {
          amount: 700,
          created: expect.any(String),
          result: 'APPROVED',
          token: expect.any(String),
          type: 'AUTHORIZATION',
        },
      ]);
    });

    it("clears, voids and returns with Privacy's bodies", async () => {
      const { call } = await privacyClient();
      const card = (await call('POST', '/v1/card', { type: 'UNLOCKED' })).body as PrivacyCard;
      const authorize = (amount: number) =>
        call('POST', '/v1/simulate/authorize', { descriptor: 'HARDWARE', pan: card.pan, amount });
      const first = ((await authorize(1000)).body as { token: string }).token;
      const cleared = await call('POST', '/v1/simulate/clearing', { token: first, amount: 1000 });
      expect(cleared.status).toBe(201);
      const second = ((await authorize(300)).body as { token: string }).token;
      expect((await call('POST', '/v1/simulate/void', { token: second, amount: 300 })).status).toBe(201);
      const refund = await call('POST', '/v1/simulate/return', {
        descriptor: 'HARDWARE',
        pan: card.pan,
        amount: 400,
      });
      expect(refund.status).toBe(201);
      expect(refund.body).toEqual({ token: expect.any(String), debugging_request_id: expect.any(String) });
      const byToken = async (token: string) =>
        (
          (await call('GET', `/v1/transaction/all?transaction_token=${token}`))
            .body as PrivacyPage<PrivacyTransaction>
        ).data[0];
      expect(await byToken(first)).toMatchObject({ status: 'SETTLED', settled_amount: 1000 });
      expect((await byToken(first)).events.map((e) => e.type)).toEqual(['AUTHORIZATION', 'CLEARING']);
      expect(await byToken(second)).toMatchObject({ status: 'VOIDED' });
      expect((await byToken(second)).events.map((e) => e.type)).toEqual(['AUTHORIZATION', 'VOID']);
      expect(await byToken((refund.body as { token: string }).token)).toMatchObject({
        status: 'SETTLED',
        amount: -400,
        events: [{ type: 'RETURN', amount: -400 }],
      });
    });

    it.each([
      ['a paused card', { state: 'PAUSED' }, 'CARD_PAUSED'],
      [
        'a transaction limit',
        { spend_limit: 100, spend_limit_duration: 'TRANSACTION' },
        'USER_TRANSACTION_LIMIT',
      ],
    ])('declines on %s with the Privacy code %s', async (_name, create, code) => {
      const { call } = await privacyClient();
      const card = (await call('POST', '/v1/card', { type: 'UNLOCKED', ...create })).body as PrivacyCard;
      const declined = await call('POST', '/v1/simulate/authorize', {
        descriptor: 'SHOP',
        pan: card.pan,
        amount: 500,
      });
      expect(declined.status).toBe(422);
      const declines = (await call('GET', `/v1/transaction/declines?card_token=${card.token}`))
        .body as PrivacyPage<PrivacyTransaction>;
      expect(declines.data.map((t) => t.result)).toEqual([code]);
    });

    it('pages transactions and filters by card', async () => {
      const { call } = await privacyClient();
      const a = (await call('POST', '/v1/card', { type: 'UNLOCKED' })).body as PrivacyCard;
      const b = (await call('POST', '/v1/card', { type: 'UNLOCKED' })).body as PrivacyCard;
      for (const [card, amount] of [
        [a, 1],
        [a, 2],
        [a, 3],
        [b, 4],
      ] as const)
        await call('POST', '/v1/simulate/authorize', { descriptor: 'SHOP', pan: card.pan, amount });
      const page2 = (await call('GET', `/v1/transaction/all?card_token=${a.token}&page=2&page_size=2`))
        .body as PrivacyPage<PrivacyTransaction>;
      expect(page2).toMatchObject({ page: 2, total_entries: 3, total_pages: 2 });
      expect(page2.data.map((t) => t.amount)).toEqual([1]);
      const bad = await call('GET', '/v1/transaction/pending');
      expect(bad.status).toBe(400);
      expect(bad.body).toEqual({ message: expect.stringMatching(/^approval_status must be one of/) });
      expect((await call('GET', '/v1/transaction/all?status=PENDING')).body).toEqual({
        message: 'status is not a valid parameter',
      });
    });

    it('a card made through one API is charged and read through the other', async () => {
      const { call, client } = await privacyClient();
      // Made by Lithic's SDK, charged and read through Privacy's routes.
      const lithicCard = await client.cards.create({ type: 'SINGLE_USE' });
      const charged = await call('POST', '/v1/simulate/authorize', {
        descriptor: 'X',
        pan: lithicCard.pan!,
        amount: 99,
      });
      expect(charged.status).toBe(201);
      const token = (charged.body as { token: string }).token;
      const seen = (await call('GET', `/v1/transaction/approvals?card_token=${lithicCard.token}`))
        .body as PrivacyPage<PrivacyTransaction>;
      expect(seen.data.map((t) => t.token)).toEqual([token]);
      expect((await client.transactions.retrieve(token)).result).toBe('APPROVED');
      // Made through Privacy's routes, charged by Lithic's SDK, read through both.
      const privacyCard = (await call('POST', '/v1/card', { type: 'SINGLE_USE' })).body as PrivacyCard;
      const viaSdk = await client.transactions.simulateAuthorization({
        descriptor: 'Y',
        pan: privacyCard.pan,
        amount: 42,
      });
      const listed = (await call('GET', `/v1/transaction/all?transaction_token=${viaSdk.token}`))
        .body as PrivacyPage<PrivacyTransaction>;
      expect(listed.data[0]).toMatchObject({
        amount: 42,
        result: 'APPROVED',
        card: { token: privacyCard.token, state: 'CLOSED' },
      });
      expect((await client.cards.retrieve(privacyCard.token)).state).toBe('CLOSED');
    });
  });

  describe('funding sources', () => {
    interface Funding {
      token: string;
      type: string;
      state: string;
      account_name: string;
      last_four: string;
      nickname: string;
      created: string;
    }

    it('lists the default checking account, adds a bank (ABA checked, ENABLED at once), splits banks from cards', async () => {
      const { call } = await privacyClient();
      const [initial] = (await call('GET', '/v1/fundingsource')).body as Funding[];
      expect(initial).toMatchObject({ type: 'DEPOSITORY_CHECKING', state: 'ENABLED' });
      expect(Object.keys(initial).sort()).toEqual(
        ['account_name', 'created', 'last_four', 'nickname', 'state', 'token', 'type'].sort(),
      );
      const added = await call('POST', '/v1/fundingsource/bank', {
        routing_number: '021000021',
        account_number: '000123456789',
        account_name: 'Chase checking',
      });
      expect(added.status).toBe(200);
      expect(added.body).toMatchObject({
        account_name: 'Chase checking',
        last_four: '6789',
        state: 'ENABLED',
      });
      expect(((await call('GET', '/v1/fundingsource')).body as Funding[]).map((f) => f.account_name)).toEqual(
        [initial.account_name, 'Chase checking'],
      );
      expect(((await call('GET', '/v1/fundingsource/bank')).body as Funding[]).length).toBe(2);
      expect((await call('GET', '/v1/fundingsource/card')).body).toEqual([]);
    });

    it.each([
      [
        { routing_number: '021000012', account_number: '12345678' },
        'routing_number must be a 9-digit ABA routing number with a valid check digit',
      ],
      [
        { routing_number: '02100002', account_number: '12345678' },
        'routing_number must be a 9-digit ABA routing number with a valid check digit',
      ],
      [{ routing_number: '021000021', account_number: '12' }, 'account_number must be 4 to 17 digits'],
    ])('refuses the bank %j: "%s"', async (body, message) => {
      const { call } = await privacyClient();
      const response = await call('POST', '/v1/fundingsource/bank', body);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ message });
    });

    it('funds a card from a chosen source; PUT moves it; a removed source cannot be chosen', async () => {
      const { call, apiKey } = await privacyClient();
      const bank = (
        await call('POST', '/v1/fundingsource/bank', {
          routing_number: '011000015',
          account_number: '55554444',
        })
      ).body as Funding;
      const card = (await call('POST', '/v1/card', { type: 'UNLOCKED', funding_token: bank.token }))
        .body as PrivacyCard;
      expect(card.funding).toMatchObject({ token: bank.token, last_four: '4444' });
      const [initial] = (await call('GET', '/v1/fundingsource')).body as Funding[];
      const moved = (await call('PUT', '/v1/card', { card_token: card.token, funding_token: initial.token }))
        .body as PrivacyCard;
      expect(moved.funding.token).toBe(initial.token);
      const removed = await raw(sandbox.url, `/sandbox/privacy/funding_sources/${bank.token}`, {
        method: 'PATCH',
        authorization: apiKey,
        body: { state: 'REMOVED' },
      });
      expect(removed.status).toBe(200);
      expect(removed.body).toMatchObject({ token: bank.token, state: 'REMOVED' });
      const refused = await call('PUT', '/v1/card', { card_token: card.token, funding_token: bank.token });
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual({ message: `funding_token: funding source ${bank.token} not found` });
    });

    it('declines a debit on a card whose source is PENDING or REMOVED, through either API, with the matching code', async () => {
      const { call, apiKey, client } = await privacyClient();
      const bank = (
        await call('POST', '/v1/fundingsource/bank', {
          routing_number: '121000358',
          account_number: '99990000',
        })
      ).body as Funding;
      const card = (await call('POST', '/v1/card', { type: 'UNLOCKED', funding_token: bank.token }))
        .body as PrivacyCard;
      const setState = (state: string) =>
        raw(sandbox.url, `/sandbox/privacy/funding_sources/${bank.token}`, {
          method: 'PATCH',
          authorization: apiKey,
          body: { state },
        });
      const charge = () =>
        call('POST', '/v1/simulate/authorize', { descriptor: 'SHOP', pan: card.pan, amount: 100 });

      await setState('PENDING');
      const unverified = await charge();
      expect(unverified.status).toBe(422);
      expect(unverified.body).toEqual({
        debugging_request_id: expect.any(String),
        message: "The card's funding source is not verified yet.",
      });
      await setState('REMOVED');
      const viaLithic = await client.transactions
        .simulateAuthorization({ descriptor: 'SHOP', pan: card.pan, amount: 100 })
        .catch((error: { status: number; error: { token: string } }) => error);
      expect((viaLithic as { status: number }).status).toBe(422);
      const lithicToken = (viaLithic as { error: { token: string } }).error.token;
      expect(await client.transactions.retrieve(lithicToken)).toMatchObject({
        result: 'BANK_CONNECTION_ERROR',
        status: 'DECLINED',
      });
      // A refund needs no funding source.
      expect(
        (await call('POST', '/v1/simulate/return', { descriptor: 'SHOP', pan: card.pan, amount: 10 })).status,
      ).toBe(201);
      await setState('ENABLED');
      expect((await charge()).status).toBe(201);

      const declines = (await call('GET', `/v1/transaction/declines?card_token=${card.token}`))
        .body as PrivacyPage<{ result: string; events: { result: string }[] }>;
      expect(declines.data.map((t) => t.result)).toEqual(['BANK_CONNECTION_ERROR', 'BANK_NOT_VERIFIED']);
      expect(declines.data.map((t) => t.events[0].result)).toEqual([
        'BANK_CONNECTION_ERROR',
        'BANK_NOT_VERIFIED',
      ]);
    });
  });
});
