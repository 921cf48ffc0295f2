import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  spawnSandbox,
  startSandboxProcess,
  type ListeningSandbox,
  type SandboxProcess,
} from './support/process.js';
import { whenAvailable } from './support/requirements.js';
import {
  POSTGRES_URL,
  postgresAvailable,
  TEST_SECRET,
  type TestAccount,
  type TestSandbox,
  useSandbox,
} from './support/sandbox.js';

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

/**
 * Sends 200 charges and card creations on the account, spread over the instances, and runs
 * `control` (a delete or a reset) in the middle of them. Returns every answer, and the tokens of
 * the cards whose creation was answered before the control was sent.
 */
async function underLoad(
  instances: TestSandbox[],
  account: TestAccount,
  control: () => Promise<Answer>,
): Promise<{ answers: Answer[]; control: Answer; cardsBefore: string[] }> {
  const cards = await Promise.all([
    ...Array.from({ length: 6 }, () => account.client.cards.create({ type: 'VIRTUAL' })),
    ...Array.from({ length: 4 }, () => account.client.cards.create({ type: 'SINGLE_USE' })),
  ]);
  // Open every pooled connection first, or requests queue for connections and never race.
  await Promise.all(
    instances.flatMap((instance) =>
      Array.from({ length: 20 }, () => call(instance.url, account.apiKey, 'GET', '/v1/cards?page_size=1')),
    ),
  );
  const cardsBefore = cards.map((c) => c.token);
  let sent = false;
  const send = (i: number) => {
    const url = instances[i % instances.length].url;
    if (i % 4 === 3)
      return call(url, account.apiKey, 'POST', '/v1/cards', { type: 'VIRTUAL' }).then((answer) => {
        if (answer.status === 200 && !sent) cardsBefore.push(answer.body.token as string);
        return answer;
      });
    return call(url, account.apiKey, 'POST', '/v1/simulate/authorize', {
      amount: 100,
      descriptor: 'UNDER LOAD',
      pan: cards[i % cards.length].pan,
    });
  };
  // The control goes out in the middle of the stream, so it queues (for a pooled connection, then
  // for row locks) among requests that are already past authentication.
  const requests = Array.from({ length: 100 }, (_, i) => send(i));
  sent = true;
  const controlled = control();
  requests.push(...Array.from({ length: 100 }, (_, i) => send(100 + i)));
  const controlAnswer = await controlled;
  return { answers: await Promise.all(requests), control: controlAnswer, cardsBefore };
}

const unknownPan = (answer: Answer) =>
  answer.status === 400 && answer.body.message === 'pan: no card of this account has this PAN';

/** What an account still owns, read straight from the database. */
async function rowsOf(sandbox: TestSandbox, accountToken: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ['accounts', 'api_keys', 'cards', 'transactions', 'events', 'idempotency_keys']) {
    const column = table === 'accounts' ? 'token' : 'account_token';
    const [row]: { n: string }[] = await sandbox.database.dataSource.query(
      `SELECT count(*) AS n FROM ${table} WHERE ${column} = $1`,
      [accountToken],
    );
    counts[table] = Number(row.n);
  }
  return counts;
}

function expectDeletedUnderLoad(
  result: Awaited<ReturnType<typeof underLoad>>,
  rows: Record<string, number>,
): void {
  expect(result.control.status).toBe(204);
  // Each request either went through before the delete, or was refused: no key (401), no card
  // (404), or, for a charge that authenticated just before, the usual 400 for a PAN it does not know.
  expect(
    result.answers.filter((a) => ![200, 201, 401, 404, 422].includes(a.status) && !unknownPan(a)),
  ).toEqual([]);
  expect(rows).toEqual({
    accounts: 0,
    api_keys: 0,
    cards: 0,
    transactions: 0,
    events: 0,
    idempotency_keys: 0,
  });
}

async function expectResetUnderLoad(
  instance: TestSandbox,
  account: TestAccount,
  result: Awaited<ReturnType<typeof underLoad>>,
): Promise<void> {
  expect(result.control.status).toBe(204);
  expect(result.answers.filter((a) => ![200, 201, 404, 422].includes(a.status) && !unknownPan(a))).toEqual(
    [],
  );
  // The key still works; every card created before the reset was asked for is gone.
  const left: string[] = [];
  for await (const card of account.client.cards.list()) left.push(card.token);
  expect(left.filter((token) => result.cardsBefore.includes(token))).toEqual([]);
  expect((await call(instance.url, account.apiKey, 'GET', '/sandbox/clock')).status).toBe(200);
}

// Several processes share one PostgreSQL: what one of them changes is in force on the others.
const postgres = whenAvailable(
  'PostgreSQL',
  await postgresAvailable(),
  'Start one at 127.0.0.1:5432 or set TEST_DATABASE_URL.',
);

postgres.describe('two app instances on one PostgreSQL', () => {
  const a = useSandbox({ database: 'postgres' });
  const b = useSandbox({ database: 'postgres' });

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

  it('deletes an account while 200 charges and card creations run on it over both instances: no 5xx', async () => {
    const account = await a.newAccount();
    const result = await underLoad([a, b], account, () =>
      call(a.url, account.apiKey, 'DELETE', `/sandbox/accounts/${account.accountToken}`),
    );
    expectDeletedUnderLoad(result, await rowsOf(a, account.accountToken));
  });

  it('resets an account while 200 charges and card creations run on it over both instances: no 5xx', async () => {
    const account = await a.newAccount();
    const result = await underLoad([a, b], account, () =>
      call(b.url, account.apiKey, 'POST', '/sandbox/reset'),
    );
    await expectResetUnderLoad(a, account, result);
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

  it('decides on B by a rule promoted, changed or deleted through A, at the next charge on B', async () => {
    // B keeps the account's rules parsed (AuthRuleSets): each change through A must reach it.
    const account = await a.newAccount();
    const card = await account.client.cards.create({ type: 'VIRTUAL' });
    const charge = async (mcc: string) =>
      (
        await call(b.url, account.apiKey, 'POST', '/v1/simulate/authorize', {
          amount: 500,
          descriptor: 'RULES ON A',
          mcc,
          pan: card.pan,
        })
      ).status;
    const rules = account.client.authRules.v2;
    const rule = await rules.create({
      type: 'CONDITIONAL_BLOCK',
      program_level: true,
      parameters: { conditions: [{ attribute: 'MCC', operation: 'IS_ONE_OF', value: ['5933'] }] },
    });
    expect(await charge('5933')).toBe(201);
    await rules.promote(rule.token);
    expect(await charge('5933')).toBe(422);
    expect(await charge('5812')).toBe(201);
    await rules.draft(rule.token, {
      parameters: { conditions: [{ attribute: 'MCC', operation: 'IS_ONE_OF', value: ['5812'] }] },
    });
    expect(await charge('5812')).toBe(201);
    await rules.promote(rule.token);
    expect(await charge('5812')).toBe(422);
    expect(await charge('5933')).toBe(201);
    await rules.update(rule.token, { excluded_card_tokens: [card.token] });
    expect(await charge('5812')).toBe(201);
    await rules.update(rule.token, { excluded_card_tokens: [] });
    expect(await charge('5812')).toBe(422);
    await rules.delete(rule.token);
    expect(await charge('5812')).toBe(201);
  });
});

describe('delete and reset under load on one embedded database', () => {
  const sandbox = useSandbox({ database: 'embedded' });

  it('deletes an account while 200 charges and card creations run on it: no 5xx', async () => {
    const account = await sandbox.newAccount();
    const result = await underLoad([sandbox], account, () =>
      call(sandbox.url, account.apiKey, 'DELETE', `/sandbox/accounts/${account.accountToken}`),
    );
    expectDeletedUnderLoad(result, await rowsOf(sandbox, account.accountToken));
  });

  it('resets an account while 200 charges and card creations run on it: no 5xx', async () => {
    const account = await sandbox.newAccount();
    const result = await underLoad([sandbox], account, () =>
      call(sandbox.url, account.apiKey, 'POST', '/sandbox/reset'),
    );
    await expectResetUnderLoad(sandbox, account, result);
  });
});

const BOOT_MS = 90_000;
/** Every process a test started, so none outlives the suite. */
const processes: SandboxProcess[] = [];

/** A real `npm start` process on its own embedded data directory (not yet listening). */
function launch(dataDir: string): SandboxProcess {
  const started = spawnSandbox({ SANDBOX_DATA_DIR: dataDir, PORT: '0' });
  processes.push(started);
  return started;
}

/** A real `npm start` process on its own embedded data directory, once it listens. */
async function startProcess(dataDir: string): Promise<ListeningSandbox & { apiKey: string }> {
  const started = await startSandboxProcess({ SANDBOX_DATA_DIR: dataDir }, BOOT_MS);
  processes.push(started);
  if (!started.apiKey) throw new Error(`The banner names no API key:\n${started.output()}`);
  return { ...started, apiKey: started.apiKey };
}

describe('one process per embedded data directory', () => {
  let dataDir: string;
  const running: Awaited<ReturnType<typeof startProcess>>[] = [];
  beforeAll(async () => {
    // The processes run what `npm start` runs: dist/, built by the e2e globalSetup.
    dataDir = await mkdtemp(join(tmpdir(), 'card-sandbox-lock-'));
  }, BOOT_MS);
  afterAll(async () => {
    await Promise.all(processes.map((started) => started.stop('SIGKILL')));
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'refuses a second process on the same directory, naming the directory and the PID that holds it',
    async () => {
      const first = await startProcess(dataDir);
      running.push(first);
      const second = launch(dataDir);
      let timer: NodeJS.Timeout | undefined;
      const code = await Promise.race([
        second.exited,
        new Promise((resolve) => (timer = setTimeout(() => resolve('still running'), BOOT_MS / 2))),
      ]).finally(() => clearTimeout(timer));
      expect(code).not.toBe('still running');
      expect(code).not.toBe(0);
      const message = second
        .output()
        .split('\n')
        .find((line) => line.includes('in use'));
      expect(message).toContain(dataDir);
      expect(message).toContain(`PID ${first.child.pid}`);
      // The first one is untouched and still serves.
      const status = await fetch(`${first.url}/v1/cards`, { headers: { authorization: first.apiKey } });
      expect(status.status).toBe(200);
    },
    BOOT_MS * 2,
  );

  it(
    'takes over the lock of a process killed with -9, keeping what it acknowledged, and releases it on a clean stop',
    async () => {
      const first = running[0] ?? (await startProcess(dataDir));
      const created = await fetch(`${first.url}/v1/cards`, {
        method: 'POST',
        headers: { authorization: first.apiKey, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'VIRTUAL', memo: 'before kill -9' }),
      });
      expect(created.status).toBe(200);
      const card = (await created.json()) as { token: string };
      await first.stop('SIGKILL');
      expect(existsSync(join(dataDir, 'sandbox.lock'))).toBe(true);

      const next = await startProcess(dataDir);
      running.push(next);
      expect(next.apiKey).toBe(first.apiKey);
      const again = await fetch(`${next.url}/v1/cards/${card.token}`, {
        headers: { authorization: next.apiKey },
      });
      expect(again.status).toBe(200);
      await expect(again.json()).resolves.toMatchObject({ token: card.token, memo: 'before kill -9' });

      // Nest closes the app, then ends the process with the signal it received.
      expect([0, 'SIGTERM']).toContain(await next.stop('SIGTERM'));
      expect(existsSync(join(dataDir, 'sandbox.lock'))).toBe(false);
    },
    BOOT_MS * 2,
  );
});

postgres.describe('two OS processes (npm start) on one PostgreSQL', () => {
  const both: ListeningSandbox[] = [];
  const apiKey = `two-processes-${Date.now()}`;
  beforeAll(async () => {
    const env = { DATABASE_URL: POSTGRES_URL, SANDBOX_SECRET: TEST_SECRET, SANDBOX_API_KEY: apiKey };
    // One after the other: both would otherwise race to create the key's account.
    both.push(await startSandboxProcess(env, BOOT_MS));
    both.push(await startSandboxProcess(env, BOOT_MS));
  }, BOOT_MS * 3);
  afterAll(async () => Promise.all(both.map((p) => (p as SandboxProcess).stop())));

  it(
    'approves exactly 5 of 200 charges racing over both against a velocity limit of 5 a day',
    async () => {
      const [a, b] = both;
      const card = (await call(a.url, apiKey, 'POST', '/v1/cards', { type: 'VIRTUAL' })).body;
      const rule = (
        await call(b.url, apiKey, 'POST', '/v2/auth_rules', {
          type: 'VELOCITY_LIMIT',
          card_tokens: [card.token],
          parameters: { scope: 'CARD', period: { type: 'DAY' }, limit_count: 5 },
        })
      ).body;
      expect((await call(a.url, apiKey, 'POST', `/v2/auth_rules/${String(rule.token)}/promote`)).status).toBe(
        200,
      );
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          call([a, b][i % 2].url, apiKey, 'POST', '/v1/simulate/authorize', {
            amount: 100,
            descriptor: 'TWO PROCESSES',
            pan: card.pan,
          }),
        ),
      );
      expect(statuses(answers)).toEqual({ 201: 5, 422: 195 });
    },
    BOOT_MS,
  );
});
