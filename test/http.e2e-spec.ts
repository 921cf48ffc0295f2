import { describe, expect, it, jest } from '@jest/globals';
import { Observable } from 'rxjs';
import { raw, type RawResponse } from './support/http.js';
import { testDatabase, useSandbox } from './support/sandbox.js';
import { expectMatchesSpec } from './support/spec.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Lithic's error body, exactly, with the request id of the response header. */
function expectErrorBody(response: RawResponse): void {
  const id = response.headers.get('x-request-id');
  expect(id).toMatch(UUID);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  expect(response.body).toEqual({ debugging_request_id: id, message: expect.any(String) });
  expect((response.body as { message: string }).message.length).toBeGreaterThan(0);
}

interface BadInput {
  name: string;
  method: 'POST' | 'PATCH' | 'GET';
  /** `{card}` is replaced by a card token of the test's account. */
  path: string;
  body?: unknown;
  /** The field the message must name. */
  field: string;
}

const TEN_KB = 'm'.repeat(10 * 1024);

const BAD_INPUTS: BadInput[] = [
  // Wrong types.
  {
    name: 'spend_limit "abc"',
    method: 'POST',
    path: '/v1/cards',
    body: { type: 'VIRTUAL', spend_limit: 'abc' },
    field: 'spend_limit',
  },
  {
    name: 'spend_limit "100" (a numeric string)',
    method: 'POST',
    path: '/v1/cards',
    body: { type: 'VIRTUAL', spend_limit: '100' },
    field: 'spend_limit',
  },
  {
    name: 'memo 123',
    method: 'POST',
    path: '/v1/cards',
    body: { type: 'VIRTUAL', memo: 123 },
    field: 'memo',
  },
  { name: 'type as an array', method: 'POST', path: '/v1/cards', body: { type: ['VIRTUAL'] }, field: 'type' },
  { name: 'a missing type', method: 'POST', path: '/v1/cards', body: { memo: 'no type' }, field: 'type' },
  {
    name: 'memo 123 on update',
    method: 'PATCH',
    path: '/v1/cards/{card}',
    body: { memo: 123 },
    field: 'memo',
  },
  {
    name: 'spend_limit "abc" on update',
    method: 'PATCH',
    path: '/v1/cards/{card}',
    body: { spend_limit: 'abc' },
    field: 'spend_limit',
  },
  // Explicit nulls for fields that are not nullable.
  {
    name: 'memo null on update',
    method: 'PATCH',
    path: '/v1/cards/{card}',
    body: { memo: null },
    field: 'memo',
  },
  {
    name: 'spend_limit null on update',
    method: 'PATCH',
    path: '/v1/cards/{card}',
    body: { spend_limit: null },
    field: 'spend_limit',
  },
  {
    name: 'state null on update',
    method: 'PATCH',
    path: '/v1/cards/{card}',
    body: { state: null },
    field: 'state',
  },
  {
    name: 'spend_limit_duration null on update',
    method: 'PATCH',
    path: '/v1/cards/{card}',
    body: { spend_limit_duration: null },
    field: 'spend_limit_duration',
  },
  {
    name: 'memo null on create',
    method: 'POST',
    path: '/v1/cards',
    body: { type: 'VIRTUAL', memo: null },
    field: 'memo',
  },
  // Unknown enum values.
  { name: 'type "GOLD"', method: 'POST', path: '/v1/cards', body: { type: 'GOLD' }, field: 'type' },
  {
    name: 'state "FROZEN" on create',
    method: 'POST',
    path: '/v1/cards',
    body: { type: 'VIRTUAL', state: 'FROZEN' },
    field: 'state',
  },
  {
    name: 'state "CLOSED" on create',
    method: 'POST',
    path: '/v1/cards',
    body: { type: 'VIRTUAL', state: 'CLOSED' },
    field: 'state',
  },
  {
    name: 'state "FROZEN" on update',
    method: 'PATCH',
    path: '/v1/cards/{card}',
    body: { state: 'FROZEN' },
    field: 'state',
  },
  {
    name: 'spend_limit_duration "WEEKLY"',
    method: 'POST',
    path: '/v1/cards',
    body: { type: 'VIRTUAL', spend_limit_duration: 'WEEKLY' },
    field: 'spend_limit_duration',
  },
  {
    name: 'spend_limit_duration "WEEKLY" on update',
    method: 'PATCH',
    path: '/v1/cards/{card}',
    body: { spend_limit_duration: 'WEEKLY' },
    field: 'spend_limit_duration',
  },
  {
    name: 'state "open" (lower case)',
    method: 'PATCH',
    path: '/v1/cards/{card}',
    body: { state: 'open' },
    field: 'state',
  },
  // Out-of-range money.
  {
    name: 'spend_limit -1',
    method: 'POST',
    path: '/v1/cards',
    body: { type: 'VIRTUAL', spend_limit: -1 },
    field: 'spend_limit',
  },
  {
    name: 'spend_limit 1e15',
    method: 'POST',
    path: '/v1/cards',
    body: { type: 'VIRTUAL', spend_limit: 1e15 },
    field: 'spend_limit',
  },
  {
    name: 'spend_limit 1e300',
    method: 'POST',
    path: '/v1/cards',
    body: { type: 'VIRTUAL', spend_limit: 1e300 },
    field: 'spend_limit',
  },
  {
    name: 'spend_limit 1.5',
    method: 'POST',
    path: '/v1/cards',
    body: { type: 'VIRTUAL', spend_limit: 1.5 },
    field: 'spend_limit',
  },
  {
    name: 'spend_limit -1 on update',
    method: 'PATCH',
    path: '/v1/cards/{card}',
    body: { spend_limit: -1 },
    field: 'spend_limit',
  },
  // Sizes, unknown fields and expiry.
  {
    name: 'a 10 kB memo',
    method: 'POST',
    path: '/v1/cards',
    body: { type: 'VIRTUAL', memo: TEN_KB },
    field: 'memo',
  },
  {
    name: 'a 10 kB memo on update',
    method: 'PATCH',
    path: '/v1/cards/{card}',
    body: { memo: TEN_KB },
    field: 'memo',
  },
  {
    name: 'an unknown field',
    method: 'POST',
    path: '/v1/cards',
    body: { type: 'VIRTUAL', colour: 'blue' },
    field: 'colour',
  },
  {
    name: 'an unknown field on update',
    method: 'PATCH',
    path: '/v1/cards/{card}',
    body: { nickname: 'x' },
    field: 'nickname',
  },
  {
    name: 'exp_month "13"',
    method: 'POST',
    path: '/v1/cards',
    body: { type: 'VIRTUAL', exp_month: '13', exp_year: String(new Date().getUTCFullYear() + 1) },
    field: 'exp_month',
  },
  {
    name: 'exp_month 6 (a number)',
    method: 'POST',
    path: '/v1/cards',
    body: { type: 'VIRTUAL', exp_month: 6, exp_year: String(new Date().getUTCFullYear() + 1) },
    field: 'exp_month',
  },
  {
    name: 'exp_month without exp_year',
    method: 'POST',
    path: '/v1/cards',
    body: { type: 'VIRTUAL', exp_month: '06' },
    field: 'exp_year',
  },
  {
    name: 'an expiry in the past',
    method: 'POST',
    path: '/v1/cards',
    body: { type: 'VIRTUAL', exp_month: '01', exp_year: '2020' },
    field: 'exp_',
  },
  {
    name: 'an expiry ten years ahead',
    method: 'POST',
    path: '/v1/cards',
    body: { type: 'VIRTUAL', exp_month: '01', exp_year: String(new Date().getUTCFullYear() + 10) },
    field: 'exp_year',
  },
  {
    name: 'a card program that is not the sandbox one',
    method: 'POST',
    path: '/v1/cards',
    body: { type: 'VIRTUAL', card_program_token: '5e9483eb-8103-4e16-9794-2106111b2eca' },
    field: 'card_program_token',
  },
  // search_by_pan.
  {
    name: 'a 15-digit PAN',
    method: 'POST',
    path: '/v1/cards/search_by_pan',
    body: { pan: '411111111111111' },
    field: 'pan',
  },
  {
    name: 'a 16-digit PAN that fails the Luhn check',
    method: 'POST',
    path: '/v1/cards/search_by_pan',
    body: { pan: '4111111111111112' },
    field: 'pan',
  },
  {
    name: 'a simulated charge on a PAN that fails the Luhn check',
    method: 'POST',
    path: '/v1/simulate/authorize',
    body: { amount: 100, descriptor: 'SHOP', pan: '4111110123456789' },
    field: 'pan',
  },
  {
    name: 'a PAN as a number',
    method: 'POST',
    path: '/v1/cards/search_by_pan',
    body: { pan: 4111111111111111 },
    field: 'pan',
  },
  // List parameters.
  { name: 'page_size 0', method: 'GET', path: '/v1/cards?page_size=0', field: 'page_size' },
  { name: 'page_size 101', method: 'GET', path: '/v1/cards?page_size=101', field: 'page_size' },
  { name: 'page_size "x"', method: 'GET', path: '/v1/cards?page_size=x', field: 'page_size' },
  { name: 'page_size 1.5', method: 'GET', path: '/v1/cards?page_size=1.5', field: 'page_size' },
  {
    name: 'starting_after not a UUID',
    method: 'GET',
    path: '/v1/cards?starting_after=abc',
    field: 'starting_after',
  },
  {
    name: 'ending_before not a UUID',
    method: 'GET',
    path: '/v1/cards?ending_before=abc',
    field: 'ending_before',
  },
  {
    name: 'both starting_after and ending_before',
    method: 'GET',
    path: '/v1/cards?starting_after=7ef7d65c-9023-4da3-b113-3b8583fd7951&ending_before=7ef7d65c-9023-4da3-b113-3b8583fd7952',
    field: 'starting_after',
  },
  { name: 'begin not a date', method: 'GET', path: '/v1/cards?begin=yesterday', field: 'begin' },
  { name: 'state "FROZEN" as a filter', method: 'GET', path: '/v1/cards?state=FROZEN', field: 'state' },
  {
    name: 'a repeated page_size',
    method: 'GET',
    path: '/v1/cards?page_size=5&page_size=6',
    field: 'page_size',
  },
];

describe(`HTTP edge cases on the ${testDatabase()} database`, () => {
  const sandbox = useSandbox();

  /** A fresh account with one card; `{card}` in a path becomes that card's token. */
  async function accountWithCard() {
    const account = await sandbox.newAccount();
    const card = await account.client.cards.create({ type: 'VIRTUAL', memo: 'untouched', spend_limit: 100 });
    return { ...account, card };
  }

  describe('validation', () => {
    it.each([
      ['/v1/cards?card_token={card}', 'cards'],
      ['/v1/cards?colour=blue&page_size=5', 'cards'],
      ['/v1/transactions?transaction_token=7ef7d65c-9023-4da3-b113-3b8583fd7951', 'transactions'],
      ['/v1/events?utm_source=demo', 'events'],
    ])('ignores query parameters it does not know, as Lithic does: %s', async (path) => {
      const { apiKey, card } = await accountWithCard();
      const response = await raw(sandbox.url, path.replace('{card}', card.token), { apiKey });
      expect({ status: response.status, body: response.body }).toMatchObject({
        status: 200,
        body: { has_more: false },
      });
    });

    it('still checks the query parameters it knows, next to unknown ones', async () => {
      const { apiKey } = await accountWithCard();
      const response = await raw(sandbox.url, '/v1/cards?colour=blue&page_size=0', { apiKey });
      expect(response.status).toBe(400);
      expect((response.body as { message: string }).message).toContain('page_size');
    });

    it.each(BAD_INPUTS.map((c) => [c.name, c] as const))(
      'refuses %s with a 400 naming the field',
      async (_name, input) => {
        const { apiKey, card, client } = await accountWithCard();
        const response = await raw(sandbox.url, input.path.replace('{card}', card.token), {
          method: input.method,
          apiKey,
          body: input.body,
        });
        expect({ status: response.status, body: response.body }).toMatchObject({ status: 400 });
        expectErrorBody(response);
        expect((response.body as { message: string }).message).toContain(input.field);
        expect(response.headers.get('x-should-retry')).toBe('false');
        // Nothing changed: the card is as it was and no other card appeared.
        await expect(client.cards.retrieve(card.token)).resolves.toMatchObject({
          state: 'OPEN',
          memo: 'untouched',
          spend_limit: 100,
          spend_limit_duration: 'TRANSACTION',
        });
        const page = await client.cards.list();
        expect(page.data.map((c) => c.token)).toEqual([card.token]);
      },
    );

    it.each([
      ['malformed JSON', '{"type": "VIRTUAL",'],
      ['a JSON array', '[{"type": "VIRTUAL"}]'],
      ['a JSON string', '"VIRTUAL"'],
      ['a JSON number', '42'],
      ['JSON null', 'null'],
      ['an empty body', ''],
    ])('answers %s as a card body with a 400 about the body', async (_name, body) => {
      const { apiKey } = await sandbox.newAccount();
      const response = await raw(sandbox.url, '/v1/cards', { method: 'POST', apiKey, body });
      expect(response.status).toBe(400);
      expectErrorBody(response);
      expectMatchesSpec(response.body, '/v1/cards', 'post', 400);
    });

    it('answers a text/plain body with a 400 or 415 error body, never a 500', async () => {
      const { apiKey } = await sandbox.newAccount();
      const response = await raw(sandbox.url, '/v1/cards', {
        method: 'POST',
        apiKey,
        body: '{"type": "VIRTUAL"}',
        headers: { 'content-type': 'text/plain' },
      });
      expect([400, 415]).toContain(response.status);
      expectErrorBody(response);
    });

    it('answers a body over the size limit with a 413 error body', async () => {
      const { apiKey } = await sandbox.newAccount();
      const response = await raw(sandbox.url, '/v1/cards', {
        method: 'POST',
        apiKey,
        body: { type: 'VIRTUAL', memo: 'x'.repeat(2 * 1024 * 1024) },
      });
      expect(response.status).toBe(413);
      expectErrorBody(response);
    });

    it('refuses a second account’s token in account_token on create with a 400 naming it (the spec lists no 404)', async () => {
      const { apiKey } = await sandbox.newAccount();
      const other = await sandbox.newAccount();
      const response = await raw(sandbox.url, '/v1/cards', {
        method: 'POST',
        apiKey,
        body: { type: 'VIRTUAL', account_token: other.accountToken },
      });
      expect(response.status).toBe(400);
      expectErrorBody(response);
      expect(response.body).toMatchObject({ message: expect.stringMatching(/^account_token: /) });
      await expect(other.client.cards.list()).resolves.toMatchObject({ data: [] });
    });
  });

  describe('request ids and error bodies', () => {
    it('puts a fresh x-request-id on every response, success or failure', async () => {
      const { apiKey, card } = await accountWithCard();
      const responses = await Promise.all([
        raw(sandbox.url, '/v1/status'),
        raw(sandbox.url, '/v1/cards', { apiKey }),
        raw(sandbox.url, `/v1/cards/${card.token}`, { apiKey }),
        raw(sandbox.url, '/v1/cards', { method: 'POST', apiKey, body: { type: 'VIRTUAL' } }),
        raw(sandbox.url, '/v1/cards'),
        raw(sandbox.url, '/v1/cards/7ef7d65c-9023-4da3-b113-3b8583fd7951', { apiKey }),
        raw(sandbox.url, '/v1/cards', { method: 'POST', apiKey, body: '{' }),
        raw(sandbox.url, '/v1/nothing_here', { apiKey }),
        raw(sandbox.url, '/docs/openapi.json'),
      ]);
      expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 401, 404, 400, 404, 200]);
      const ids = responses.map((r) => r.headers.get('x-request-id'));
      for (const id of ids) expect(id).toMatch(UUID);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('answers errors with exactly {debugging_request_id, message}, the id matching the header', async () => {
      const { apiKey, card } = await accountWithCard();
      await raw(sandbox.url, `/v1/cards/${card.token}`, {
        method: 'PATCH',
        apiKey,
        body: { state: 'CLOSED' },
      });
      const errors = await Promise.all([
        raw(sandbox.url, '/v1/cards'),
        raw(sandbox.url, '/v1/cards', { apiKey: 'sk_sandbox_unknown' }),
        raw(sandbox.url, '/v1/cards/7ef7d65c-9023-4da3-b113-3b8583fd7951', { apiKey }),
        raw(sandbox.url, '/v1/cards/not-a-uuid', { apiKey }),
        raw(sandbox.url, `/v1/cards/${card.token}`, { method: 'PATCH', apiKey, body: { state: 'OPEN' } }),
        raw(sandbox.url, '/v1/cards', { method: 'POST', apiKey, body: { type: 'GOLD' } }),
        raw(sandbox.url, '/v1/cards', { method: 'POST', apiKey, body: '{"type":' }),
        raw(sandbox.url, '/v1/book_transfers', { apiKey }),
      ]);
      expect(errors.map((r) => r.status)).toEqual([401, 401, 404, 400, 400, 400, 400, 404]);
      for (const response of errors) expectErrorBody(response);
    });
  });

  describe('routes', () => {
    it('answers a charge, with an Idempotency-Key or without, without going through rxjs', async () => {
      // Any Nest interceptor puts every request of every route through an rxjs pipeline: 8-10% of
      // the authorization path's CPU when Idempotency-Key was one.
      const { apiKey, card, client } = await accountWithCard();
      const { pan } = await client.cards.retrieve(card.token);
      const subscribe = jest.spyOn(Observable.prototype, 'subscribe');
      try {
        const answers = [];
        for (const headers of [{}, { 'idempotency-key': `rx-${card.token}` }] as Record<string, string>[]) {
          const body = { pan, amount: 50, descriptor: 'RXJS' };
          answers.push(
            (await raw(sandbox.url, '/v1/simulate/authorize', { method: 'POST', apiKey, headers, body }))
              .status,
          );
        }
        expect(answers).toEqual([201, 201]);
        expect(subscribe).not.toHaveBeenCalled();
      } finally {
        subscribe.mockRestore();
      }
    });

    it.each([
      ['GET', '/v1/book_transfers'],
      ['POST', '/v1/disputes'],
      ['POST', '/v1/financial_accounts/7ef7d65c-9023-4da3-b113-3b8583fd7951/update_status'],
      ['DELETE', '/v1/cards/7ef7d65c-9023-4da3-b113-3b8583fd7951'],
    ])('answers %s %s with a 404 saying the sandbox does not simulate it', async (method, path) => {
      const { apiKey } = await sandbox.newAccount();
      const response = await raw(sandbox.url, path, { method, apiKey });
      expect(response.status).toBe(404);
      expectErrorBody(response);
      expect((response.body as { message: string }).message).toMatch(/does not simulate/);
      expect((response.body as { message: string }).message).toContain(path);
      expect(response.headers.get('x-should-retry')).toBe('false');
    });

    it('serves the API docs as HTML and the OpenAPI document listing /v1/cards', async () => {
      const html = await raw(sandbox.url, '/docs');
      expect(html.status).toBe(200);
      expect(html.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html.text).toMatch(/<html/i);
      const document = await raw(sandbox.url, '/docs/openapi.json');
      expect(document.status).toBe(200);
      const paths = (document.body as { paths: Record<string, unknown> }).paths;
      expect(Object.keys(paths)).toEqual(
        expect.arrayContaining(['/v1/cards', '/v1/cards/{card_token}', '/v1/accounts', '/v1/status']),
      );
    });

    it('shows what every route answers: a response body and its error responses, every $ref resolvable', async () => {
      const document = (await raw(sandbox.url, '/docs/openapi.json')).body as {
        paths: Record<
          string,
          Record<
            string,
            { responses: Record<string, { $ref?: string; content?: unknown; description?: string }> }
          >
        >;
        components: Record<string, Record<string, unknown>>;
      };
      const resolve = (ref: string) =>
        ref
          .split('/')
          .slice(1)
          .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document) as
          { content?: unknown; description?: string } | undefined;
      const problems: string[] = [];
      for (const [path, item] of Object.entries(document.paths))
        for (const [method, operation] of Object.entries(item)) {
          const responses = Object.entries(operation.responses ?? {}).map(
            ([status, r]) => [status, r.$ref ? resolve(r.$ref) : r] as const,
          );
          // A body's schema, or a bodiless answer that says so (Lithic's recover answers 202 with none).
          const bodies = responses.filter(
            ([status, r]) => /^2/.test(status) && (r?.content || r?.description),
          );
          if (bodies.length === 0) problems.push(`${method} ${path}: no 2xx response body`);
          if (!responses.some(([status]) => /^4/.test(status)))
            problems.push(`${method} ${path}: no error response`);
        }
      const refs = JSON.stringify(document).match(/"#\/components\/[^"]+"/g) ?? [];
      for (const ref of new Set(refs))
        if (resolve(JSON.parse(ref)) === undefined) problems.push(`unresolved ${ref}`);
      expect(problems).toEqual([]);
    });

    it('answers GET /v1/status without a key, as the spec describes', async () => {
      const response = await raw(sandbox.url, '/v1/status');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ message: 'OK' });
      expectMatchesSpec(response.body, '/v1/status', 'get');
    });
  });
});
