import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { raw } from './support/http.js';
import { type TestAccount, testDatabase, useSandbox } from './support/sandbox.js';
import { eventually } from './support/webhooks.js';

interface Entry {
  token: string;
  request_id: string;
  method: string;
  path: string;
  query: string;
  status: number;
  duration_ms: number;
  request_body: string | null;
  response_body: string | null;
  created: string;
}
interface Journal {
  data: Entry[];
  has_more: boolean;
}

/** Small, so a test can fill it; every test has its own account, and no other test gets near it. */
const MAX_ENTRIES = 20;

describe(`the request journal (GET /sandbox/requests) on the ${testDatabase()} database`, () => {
  const sandbox = useSandbox({ env: { JOURNAL_MAX_ENTRIES: String(MAX_ENTRIES) } });

  const journal = async (account: TestAccount, query = '') => {
    const response = await raw(sandbox.url, `/sandbox/requests${query}`, { apiKey: account.apiKey });
    expect(response.status).toBe(200);
    return { ...(response.body as Journal), text: response.text };
  };
  /** Entries are written after the answer is sent, so a test waits for them. */
  const journalOf = (account: TestAccount, count: number, query = '') =>
    eventually(`${count} journal entries`, async () => {
      const page = await journal(account, query);
      return page.data.length >= count && page;
    });

  it('records what the SDK sent and got back, newest first, with the request id it saw', async () => {
    const account = await sandbox.newAccount();
    const { data: card, response } = await account.client.cards
      .create({ type: 'VIRTUAL', memo: 'journal me' })
      .withResponse();
    await account.client.cards.update(card.token, { memo: 'renamed' });
    await account.client.cards.list({ page_size: 3 });

    const { data } = await journalOf(account, 3);
    expect(data.map((e) => [e.method, e.path, e.status])).toEqual([
      ['GET', '/v1/cards', 200],
      ['PATCH', `/v1/cards/${card.token}`, 200],
      ['POST', '/v1/cards', response.status],
    ]);
    const [list, update, create] = data;
    expect(list.query).toBe('page_size=3');
    expect(JSON.parse(update.request_body!)).toEqual({ memo: 'renamed' });
    expect(JSON.parse(update.response_body!)).toMatchObject({ token: card.token, memo: 'renamed' });
    expect(JSON.parse(create.request_body!)).toEqual({ type: 'VIRTUAL', memo: 'journal me' });
    expect(create.request_id).toBe(response.headers.get('x-request-id'));
    expect(create.duration_ms).toBeGreaterThan(0);
    expect(Date.parse(create.created)).toBeLessThanOrEqual(Date.parse(update.created));
    // The journal's own reads are not in it.
    expect(data.some((e) => e.path.startsWith('/sandbox/requests'))).toBe(false);
  });

  it('masks PAN and CVV in every body: the real ones appear nowhere in the answer', async () => {
    const account = await sandbox.newAccount();
    const card = await account.client.cards.create({ type: 'VIRTUAL' });
    expect(card.pan).toMatch(/^\d{16}$/);
    expect(card.cvv).toMatch(/^\d{3}$/);
    await account.client.cards.retrieve(card.token);
    await raw(sandbox.url, '/v1/simulate/authorize', {
      method: 'POST',
      apiKey: account.apiKey,
      body: { pan: card.pan, amount: 100, descriptor: 'MASKED MERCHANT' },
    });

    const { data, text } = await journalOf(account, 3);
    expect(text).not.toContain(card.pan!);
    expect(text).not.toContain(card.pan!.slice(0, 12));
    const [charge, , created] = data;
    const createdBody = JSON.parse(created.response_body!);
    expect(createdBody.token).toBe(card.token);
    expect(createdBody.pan).toBe(`************${card.pan!.slice(-4)}`);
    expect(createdBody.cvv).toBe('***');
    expect(JSON.parse(charge.request_body!).pan).toBe(`************${card.pan!.slice(-4)}`);
    // No `cvv` anywhere in the answer carries the real value.
    const cvvs = [...text.matchAll(/cvv\\?"\s*:\s*\\?"?([^"\\,}]+)/g)].map((m) => m[1]);
    expect(cvvs.length).toBeGreaterThan(0);
    expect(cvvs).not.toContain(card.cvv);
  });

  it('filters by method, path prefix or glob, status and time, and pages with starting_after', async () => {
    const account = await sandbox.newAccount();
    const card = await account.client.cards.create({ type: 'VIRTUAL' });
    await account.client.cards.retrieve(card.token);
    await account.client.cards.retrieveSpendLimits(card.token);
    await account.client.cards.retrieve(randomUUID()).catch(() => undefined);
    await account.client.transactions.list();
    await journalOf(account, 5);
    const only = async (query: string) => (await journal(account, query)).data.map((e) => e.path);

    expect(await only('?method=post')).toEqual(['/v1/cards']);
    expect(await only('?path=/v1/transactions')).toEqual(['/v1/transactions']);
    expect((await only('?path=/v1/cards/')).length).toBe(3);
    expect(await only('?path=/v1/cards/*/spend_limits')).toEqual([`/v1/cards/${card.token}/spend_limits`]);
    expect((await journal(account, '?status=404')).data.map((e) => e.status)).toEqual([404]);
    expect(await only('?path=/v1/nothing')).toEqual([]);

    const all = (await journal(account)).data;
    const later = await only(`?begin=${encodeURIComponent(all[1].created)}`);
    expect(later).toEqual(all.filter((e) => e.created >= all[1].created).map((e) => e.path));
    expect(await only(`?end=${encodeURIComponent(all[all.length - 1].created)}`)).toEqual([]);

    const first = await journal(account, '?page_size=2');
    expect(first.has_more).toBe(true);
    const second = await journal(account, `?page_size=2&starting_after=${first.data[1].token}`);
    expect([...first.data, ...second.data].map((e) => e.token)).toEqual(all.slice(0, 4).map((e) => e.token));

    const bad = await raw(sandbox.url, '/sandbox/requests?status=abc', { apiKey: account.apiKey });
    expect(bad.status).toBe(400);
    expect((bad.body as { message: string }).message).toContain('status');
  });

  it(`keeps only the newest JOURNAL_MAX_ENTRIES (${MAX_ENTRIES}) entries of an account`, async () => {
    const account = await sandbox.newAccount();
    const total = MAX_ENTRIES + 7;
    for (let i = 0; i < total; i++) await account.client.cards.list({ page_size: i + 1 });
    const newest = `page_size=${total}`;
    const page = await eventually('the newest entry', async () => {
      const result = await journal(account, '?page_size=100');
      return result.data[0]?.query === newest && result;
    });
    await eventually(
      'the trim',
      async () => (await journal(account, '?page_size=100')).data.length === MAX_ENTRIES,
    );
    const kept = (await journal(account, '?page_size=100')).data.map((e) => e.query);
    expect(page.data[0].query).toBe(newest);
    expect(kept).toEqual(Array.from({ length: MAX_ENTRIES }, (_, i) => `page_size=${total - i}`));
    // Trims are spread out (every tenth of the bound), so the table holds little more than the bound.
    const [{ stored }] = await sandbox.database.dataSource.query(
      'SELECT count(*)::int AS stored FROM request_journal WHERE account_token = $1',
      [account.accountToken],
    );
    expect(stored).toBeLessThanOrEqual(MAX_ENTRIES + MAX_ENTRIES / 10);
  });

  it("shows an account only its own requests: another account's key sees none of them", async () => {
    const [a, b] = await Promise.all([sandbox.newAccount(), sandbox.newAccount()]);
    const card = await a.client.cards.create({ type: 'VIRTUAL', memo: 'private to a' });
    await journalOf(a, 1);
    await b.client.cards.list();
    const seenByB = await journalOf(b, 1);
    expect(seenByB.data.map((e) => [e.method, e.path])).toEqual([['GET', '/v1/cards']]);
    expect(seenByB.text).not.toContain(card.token);
    expect(seenByB.text).not.toContain('private to a');
    const unauthenticated = await raw(sandbox.url, '/sandbox/requests');
    expect(unauthenticated.status).toBe(401);
  });

  it("loses no one's entries when an account deletes itself while its requests are being written", async () => {
    const [staying, leaving] = await Promise.all([sandbox.newAccount(), sandbox.newAccount()]);
    // In one batch: the staying account's request, and the leaving one's own DELETE.
    const [, deleted] = await Promise.all([
      staying.client.cards.list(),
      raw(sandbox.url, `/sandbox/accounts/${leaving.accountToken}`, {
        method: 'DELETE',
        apiKey: leaving.apiKey,
      }),
    ]);
    expect(deleted.status).toBe(204);
    const { data } = await journalOf(staying, 1);
    expect(data.map((e) => [e.method, e.path])).toEqual([['GET', '/v1/cards']]);
  });
});
