import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { whenAvailable } from './support/requirements.js';
import { postgresAvailable, SLOW_MS, startSandbox, type TestSandbox } from './support/sandbox.js';

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function call(
  url: string,
  apiKey: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: apiKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const statuses = (answers: Answer[]) =>
  answers.reduce<Record<number, number>>(
    (count, a) => ({ ...count, [a.status]: (count[a.status] ?? 0) + 1 }),
    {},
  );

// Several processes share one PostgreSQL: what one of them changes is in force on the others.
const postgres = whenAvailable(
  'PostgreSQL',
  await postgresAvailable(),
  'Start one at 127.0.0.1:5432 or set TEST_DATABASE_URL.',
);

postgres.describe('two app instances on one PostgreSQL', () => {
  let a: TestSandbox;
  let b: TestSandbox;
  beforeAll(async () => {
    a = await startSandbox({ database: 'postgres' });
    b = await startSandbox({ database: 'postgres' });
  }, SLOW_MS);
  afterAll(async () => {
    await a?.close();
    await b?.close();
  }, SLOW_MS);

  it('shows a clock advanced on A on B at the next request', async () => {
    const account = await a.newAccount();
    expect((await call(b.url, account.apiKey, 'GET', '/sandbox/clock')).body.offset_seconds).toBe(0);
    const advanced = await call(a.url, account.apiKey, 'POST', '/sandbox/clock/advance', { duration: 'P1D' });
    expect(advanced).toMatchObject({ status: 200, body: { offset_seconds: 86_400 } });
    expect((await call(b.url, account.apiKey, 'GET', '/sandbox/clock')).body.offset_seconds).toBe(86_400);
  });

  it('refuses on B, with a 401 and never a 500, a key whose account was deleted through A', async () => {
    const account = await a.newAccount();
    expect((await call(b.url, account.apiKey, 'GET', '/v1/cards')).status).toBe(200);
    expect((await call(b.url, account.apiKey, 'POST', '/v1/cards', { type: 'VIRTUAL' })).status).toBe(200);
    const deleted = await call(a.url, account.apiKey, 'DELETE', `/sandbox/accounts/${account.accountToken}`);
    expect(deleted.status).toBe(204);
    expect((await call(b.url, account.apiKey, 'GET', '/v1/cards')).status).toBe(401);
    expect((await call(b.url, account.apiKey, 'POST', '/v1/cards', { type: 'VIRTUAL' })).status).toBe(401);
    expect((await call(b.url, account.apiKey, 'GET', '/sandbox/clock')).status).toBe(401);
  });

  it('approves a single-use card once when 100 charges are spread over both instances', async () => {
    const account = await a.newAccount();
    const card = await account.client.cards.create({ type: 'SINGLE_USE' });
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        call([a, b][i % 2].url, account.apiKey, 'POST', '/v1/simulate/authorize', {
          amount: 500,
          descriptor: 'TWO PROCESSES',
          pan: card.pan,
        }),
      ),
    );
    expect(statuses(answers)).toEqual({ 201: 1, 422: 99 });
    expect((await account.client.cards.retrieve(card.token)).state).toBe('CLOSED');
  });
});
