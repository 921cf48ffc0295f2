import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSandboxProcess, type ListeningSandbox } from './support/process.js';
import { POSTGRES_URL, postgresAvailable, SLOW_MS, TEST_SECRET, testDatabase } from './support/sandbox.js';
import { eventually, Receiver, sleep } from './support/webhooks.js';

/** Short, so the test can wait it out: a claim left by the killed process is free after this. */
const LEASE_MS = 1_500;
const CHARGES = 240;
const CARD_CREATES = 60;
/** Requests in flight at once. */
const CONCURRENCY = 12;
/** The process is killed once this many requests have been answered (in each round). */
const KILL_AFTER = 80;
/** Rounds of load and kill at most, until a kill catches requests in flight (see the test). */
const ROUNDS = 3;
const ASA_TIMEOUT_MS = 1_000;

type Request = { key: string; path: string; body: object; kind: 'charge' | 'card'; label: string };
type Answer = { status: number; body: Record<string, unknown> } | { status: 'unanswered' };

async function send(url: string, apiKey: string, request: Request): Promise<Answer> {
  try {
    const response = await fetch(`${url}${request.path}`, {
      method: 'POST',
      headers: { authorization: apiKey, 'content-type': 'application/json', 'idempotency-key': request.key },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(20_000),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } catch {
    return { status: 'unanswered' };
  }
}

async function post(url: string, apiKey: string, path: string, body: object) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: apiKey, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBeLessThan(300);
  return (await response.json()) as Record<string, unknown>;
}

/** Every item of a paginated list, following Lithic's cursor. */
async function listAll(url: string, apiKey: string, path: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let after: string | undefined;
  for (;;) {
    const query = new URLSearchParams({ page_size: '100', ...(after ? { starting_after: after } : {}) });
    const response = await fetch(`${url}${path}?${query}`, { headers: { authorization: apiKey } });
    const page = (await response.json()) as { data: Record<string, unknown>[]; has_more: boolean };
    items.push(...page.data);
    if (!page.has_more || page.data.length === 0) return items;
    after = String(page.data[page.data.length - 1].token);
  }
}

const database = testDatabase();
const runs = database === 'embedded' || (await postgresAvailable()) ? describe : describe.skip;

runs(`a kill -9 under load, on the ${database} database`, () => {
  let dataDir: string | undefined;
  const receiver: { current?: Receiver } = {};
  let sandbox: ListeningSandbox | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    // The child runs the compiled app, as `npm start` does (the e2e globalSetup built dist/).
    dataDir = database === 'embedded' ? await mkdtemp(join(tmpdir(), 'crash-e2e-')) : undefined;
    env = {
      ...(dataDir
        ? { SANDBOX_DATA_DIR: dataDir }
        : // With DATABASE_URL the receivers on loopback must be allowed (see OUTBOUND_ALLOW).
          { DATABASE_URL: POSTGRES_URL, SANDBOX_SECRET: TEST_SECRET, OUTBOUND_ALLOW: '127.0.0.1' }),
      SANDBOX_ADMIN_KEY: randomBytes(16).toString('hex'),
      IDEMPOTENCY_LEASE_MS: String(LEASE_MS),
      WEBHOOK_RETRY_BASE_MS: '200',
      WEBHOOK_MAX_ATTEMPTS: '20',
      WEBHOOK_TIMEOUT_MS: '2000',
      ASA_TIMEOUT_MS: String(ASA_TIMEOUT_MS),
    };
    receiver.current = await Receiver.start();
  }, SLOW_MS);

  afterAll(async () => {
    await sandbox?.stop('SIGKILL');
    await receiver.current?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, SLOW_MS);

  it('keeps every answered charge, answers every retried key once (never 429, never twice) and delivers every event', async () => {
    sandbox = await startSandboxProcess(env);
    const account = await post(sandbox.url, env.SANDBOX_ADMIN_KEY, '/sandbox/accounts', {});
    const apiKey = String(account.api_key);
    await post(sandbox.url, apiKey, '/v1/event_subscriptions', { url: receiver.current!.url });
    const cards = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const card = await post(sandbox!.url, apiKey, '/v1/cards', { type: 'VIRTUAL' });
        return String(card.pan);
      }),
    );

    // Each request has its own key and a label (descriptor or memo) that names it in the data.
    const requests: Request[] = [
      ...Array.from({ length: CHARGES }, (_, i): Request => ({
        key: `charge-${i}-${randomBytes(6).toString('hex')}`,
        path: '/v1/simulate/authorize',
        kind: 'charge',
        label: `CRASH ${i}`,
        // Every fifth is declined by the card's own rules (a wrong CVV): a 422 replays too.
        body: {
          pan: cards[i % cards.length],
          amount: 100 + i,
          descriptor: `CRASH ${i}`,
          ...(i % 5 === 4 ? { cvv: '000' } : {}),
        },
      })),
      ...Array.from({ length: CARD_CREATES }, (_, i): Request => ({
        key: `card-${i}-${randomBytes(6).toString('hex')}`,
        path: '/v1/cards',
        kind: 'card',
        label: `crash card ${i}`,
        body: { type: 'VIRTUAL', memo: `crash card ${i}` },
      })),
    ].sort(() => Math.random() - 0.5);

    // Load until KILL_AFTER answers, then kill -9 with requests in flight. The kill is decided on
    // the client's side: a client slowed by a loaded machine can read its answers so late that the
    // server has answered every request it sent by then. A kill that caught no request in flight
    // tested nothing, so the load runs again on a restarted process, with the requests not yet sent,
    // up to ROUNDS times.
    const first = new Map<string, Answer>();
    let next = 0;
    let killedAt = 0;
    let lost: Request[] = [];
    for (let round = 0; round < ROUNDS && lost.length === 0; round++) {
      if (round > 0) sandbox = await startSandboxProcess(env);
      const running = sandbox;
      const sent = next;
      let answered = 0;
      let killed: Promise<unknown> | undefined;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < requests.length && !killed) {
            const request = requests[next++];
            const answer = await send(running.url, apiKey, request);
            first.set(request.key, answer);
            if (answer.status !== 'unanswered' && ++answered >= KILL_AFTER && !killed)
              killed = running.stop('SIGKILL');
          }
        }),
      );
      await killed;
      killedAt = Date.now();
      expect(answered).toBeGreaterThanOrEqual(KILL_AFTER);
      lost = requests.slice(sent, next).filter((r) => first.get(r.key)?.status === 'unanswered');
    }
    const answers = [...first.entries()].filter(([, a]) => a.status !== 'unanswered');
    for (const [, answer] of answers) expect([200, 201, 422]).toContain(answer.status);

    sandbox = await startSandboxProcess(env);
    const url = sandbox.url;
    await sleep(killedAt + LEASE_MS + 200 - Date.now());

    // Every answered approval survived the crash.
    const transactions = await listAll(url, apiKey, '/v1/transactions');
    const transactionTokens = new Set(transactions.map((t) => t.token));
    // The case that matters: charges that committed while their answer was lost in the kill.
    const committed = new Set(transactions.map((t) => (t.merchant as { descriptor: string }).descriptor));
    const committedUnanswered = lost.filter((r) => committed.has(r.label));
    expect(lost.length).toBeGreaterThan(0);
    console.log(
      `${answers.length} answered, ${lost.length} lost, ${committedUnanswered.length} of those committed`,
    );
    for (const [key, answer] of answers) {
      if (!key.startsWith('charge') || answer.status === 'unanswered') continue;
      expect({ key, present: transactionTokens.has(answer.body.token) }).toEqual({ key, present: true });
    }

    // Every key, sent or not, answered or not, retried: a replay or a single run, never a 429.
    const retried = new Map<string, Answer>();
    for (let i = 0; i < requests.length; i += CONCURRENCY) {
      await Promise.all(
        requests.slice(i, i + CONCURRENCY).map(async (request) => {
          retried.set(request.key, await send(url, apiKey, request));
        }),
      );
    }
    for (const request of requests) {
      const retry = retried.get(request.key)!;
      // Anything else fails with the answer in the message, to say why.
      const final = retry.status === 200 || retry.status === 201 || retry.status === 422;
      expect({ key: request.key, final, answer: final ? null : retry }).toEqual({
        key: request.key,
        final: true,
        answer: null,
      });
      const earlier = first.get(request.key);
      if (earlier && earlier.status !== 'unanswered' && retry.status !== 'unanswered') {
        expect({ key: request.key, status: retry.status, token: retry.body.token }).toEqual({
          key: request.key,
          status: earlier.status,
          token: earlier.body.token,
        });
      }
    }

    // Exactly one charge and one card per key: nothing ran twice.
    const afterRetries = await listAll(url, apiKey, '/v1/transactions');
    const chargeLabels = afterRetries.map((t) => (t.merchant as { descriptor: string }).descriptor);
    const cardLabels = (await listAll(url, apiKey, '/v1/cards')).map((c) => c.memo);
    for (const request of requests) {
      const labels = request.kind === 'charge' ? chargeLabels : cardLabels;
      expect({ label: request.label, count: labels.filter((l) => l === request.label).length }).toEqual({
        label: request.label,
        count: 1,
      });
    }

    // Every event the sandbox holds reaches the receiver at least once.
    const events = await listAll(url, apiKey, '/v1/events');
    expect(events.length).toBeGreaterThanOrEqual(CHARGES + CARD_CREATES);
    await eventually(
      'every event at the receiver',
      () => {
        const delivered = new Set(receiver.current!.deliveries.map((d) => d.id));
        return events.every((e) => delivered.has(String(e.token)));
      },
      30_000,
    );
  }, 90_000);

  it(
    'settles a charge the kill left waiting for the responder with the fallback, once, when its key is retried',
    async () => {
      if (!sandbox?.running()) sandbox = await startSandboxProcess(env);
      const account = await post(sandbox.url, env.SANDBOX_ADMIN_KEY, '/sandbox/accounts', {});
      const apiKey = String(account.api_key);
      // A responder that never answers: the kill comes while it is deciding.
      const responder = await Receiver.start(() => new Promise(() => undefined));
      try {
        await post(sandbox.url, apiKey, '/v1/responder_endpoints', {
          type: 'AUTH_STREAM_ACCESS',
          url: responder.url,
        });
        const card = await post(sandbox.url, apiKey, '/v1/cards', { type: 'SINGLE_USE' });
        const request: Request = {
          key: `held-${randomBytes(6).toString('hex')}`,
          path: '/v1/simulate/authorize',
          kind: 'charge',
          label: 'HELD CHARGE',
          body: { pan: card.pan, amount: 500, descriptor: 'HELD CHARGE' },
        };
        const inFlight = send(sandbox.url, apiKey, request);
        await eventually('the responder asked', () => responder.deliveries.length === 1);
        await sandbox.stop('SIGKILL');
        expect(await inFlight).toEqual({ status: 'unanswered' });

        sandbox = await startSandboxProcess(env);
        const url = sandbox.url;
        // Retried like the SDK does: a 429 (the lease, then the responder's deadline, not yet over)
        // says retry; then the reservation is settled with the fallback and answered, once.
        const retry = await eventually(
          'an answer other than in progress',
          async () => {
            const answer = await send(url, apiKey, request);
            return answer.status !== 429 && answer;
          },
          20_000,
        );
        expect(retry).toMatchObject({ status: 422, body: { token: expect.any(String) } });
        const token = 'body' in retry ? String(retry.body.token) : '';
        await expect(send(url, apiKey, request)).resolves.toMatchObject({ status: 422, body: { token } });
        const charges = await listAll(url, apiKey, `/v1/transactions`);
        expect(charges.map((t) => [t.token, t.status])).toEqual([[token, 'DECLINED']]);
        expect(responder.deliveries).toHaveLength(1);
        // The card it had reserved is given back: no one closed it.
        const after = await fetch(`${url}/v1/cards/${String(card.token)}`, {
          headers: { authorization: apiKey },
        });
        expect(((await after.json()) as { state: string }).state).toBe('OPEN');
        const events = (await listAll(url, apiKey, '/v1/events')).filter(
          (e) => e.event_type === 'card_transaction.updated',
        );
        expect(events.map((e) => (e.payload as { result: string }).result)).toEqual([
          (charges[0] as { result: string }).result,
        ]);
      } finally {
        await responder.stop();
      }
    },
    SLOW_MS,
  );
});
