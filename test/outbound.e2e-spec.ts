import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { LEASE_EXPIRED, newToken } from '#persistence';
import {
  POSTGRES_URL,
  postgresAvailable,
  SLOW_MS,
  type TestAccount,
  testDatabase,
  type TestSandbox,
  useSandbox,
} from './support/sandbox.js';
import { retryDelayMs } from '../apps/issuer/src/webhooks/backoff.js';
import { eventually, Receiver, sleep } from './support/webhooks.js';

const ASA_TIMEOUT_MS = 1000;
/** WEBHOOK_TIMEOUT_MS of every test sandbox (test/support/sandbox.ts). */
const WEBHOOK_TIMEOUT_MS = 2000;
const FIFTY_MB = 50 * 1024 * 1024;

/** Accepts TCP connections and never answers: the receiver that used to wedge delivery. */
async function silentServer(): Promise<{ url: string; connections: () => number; close(): Promise<void> }> {
  const sockets: Socket[] = [];
  const server: TcpServer = createTcpServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    connections: () => sockets.length,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Answers 200 with `prefix`, then 50 MB streamed in 64 KB chunks (never held in memory at once),
 * then `suffix`; stops writing when the client hangs up.
 */
async function hugeAnswerServer(prefix: string, suffix: string) {
  let requests = 0;
  let written = 0;
  let finished = false;
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const server: Server = createHttpServer((request, response) => {
    request.resume();
    request.on('end', () => {
      requests++;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write(prefix);
      const pump = () => {
        while (written < FIFTY_MB) {
          if (response.destroyed) return;
          written += chunk.length;
          if (!response.write(chunk)) return void response.once('drain', pump);
        }
        finished = true;
        response.end(suffix);
      };
      pump();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests: () => requests,
    written: () => written,
    finished: () => finished,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Forces full garbage collections until stopped: what made the old timeout vanish. One takes a few
 * hundred ms in a jest worker (more as its heap grows), so the next waits at least twice as long as
 * the last took: the app keeps most of the CPU, even on a loaded machine.
 */
function collectGarbage(everyMs: number): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function')
    throw new Error('this test needs node --expose-gc (npm test passes it in NODE_OPTIONS)');
  let stopped = false;
  const collect = () => {
    const started = Date.now();
    gc();
    if (!stopped) timer = setTimeout(collect, Math.max(everyMs, 2 * (Date.now() - started)));
  };
  let timer = setTimeout(collect, everyMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

async function authorize(sandbox: TestSandbox, apiKey: string, pan: string) {
  const response = await fetch(`${sandbox.url}/v1/simulate/authorize`, {
    method: 'POST',
    headers: { authorization: apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ amount: 1000, descriptor: 'OUTBOUND SHOP', pan }),
  });
  return { status: response.status, body: (await response.json()) as { token: string; message?: string } };
}

async function detailedResults(account: TestAccount, token: string) {
  return (await account.client.transactions.retrieve(token)).events?.[0].detailed_results;
}

describe(`outbound HTTP (webhooks, responder) on the ${testDatabase()} database`, () => {
  const sandbox = useSandbox({ env: { ASA_TIMEOUT_MS: String(ASA_TIMEOUT_MS) } });

  it(
    'times out a receiver that never answers, under forced GC, while other accounts keep receiving',
    async () => {
      const silent = await silentServer();
      const receivers = [await Receiver.start(), await Receiver.start()];
      let stopGc = () => undefined as void;
      try {
        const stuck = await sandbox.newAccount();
        const { token: stuckSubscription } = await stuck.client.events.subscriptions.create({
          url: silent.url,
        });
        const others = await Promise.all(
          receivers.map(async (receiver) => {
            const account = await sandbox.newAccount();
            const { token } = await account.client.events.subscriptions.create({ url: receiver.url });
            return { account, token, receiver };
          }),
        );
        for (let i = 0; i < 3; i++)
          await stuck.client.events.subscriptions.sendSimulatedExample(stuckSubscription, {
            event_type: 'card.created',
          });
        await eventually('three connections to the silent receiver', () => silent.connections() >= 3);
        stopGc = collectGarbage(500);

        // Well past the send timeout, the other accounts' webhooks still arrive (generous: a loaded
        // machine and the collections' pauses; a wedged worker delivers nothing at all).
        const until = Date.now() + WEBHOOK_TIMEOUT_MS * 2;
        let round = 0;
        while (Date.now() < until) {
          round++;
          await Promise.all(
            others.map(({ account, token }) =>
              account.client.events.subscriptions.sendSimulatedExample(token, { event_type: 'card.created' }),
            ),
          );
          await eventually(
            `round ${round} delivered to the other accounts`,
            () => others.every(({ receiver }) => receiver.deliveries.length >= round),
            5_000,
          );
          await sleep(300);
        }

        // The silent receiver's attempts failed on time (not left SENDING), and were retried.
        const failed = await eventually(
          'the silent attempts failed with a timeout',
          async () => {
            const list = await stuck.client.events.subscriptions.listAttempts(stuckSubscription, {
              status: 'FAILED',
            });
            return list.data.length >= 3 && list.data;
          },
          // The old timeout, once collected, never fired: its attempts stayed SENDING.
          WEBHOOK_TIMEOUT_MS * 5,
        );
        expect(
          failed.every(
            (a) => a.response === `No response within ${WEBHOOK_TIMEOUT_MS} ms (WEBHOOK_TIMEOUT_MS)`,
          ),
        ).toBe(true);
        await eventually(
          'retries of the silent attempts',
          () => silent.connections() >= 6,
          WEBHOOK_TIMEOUT_MS * 5,
        );
      } finally {
        stopGc();
        await silent.close();
        await Promise.all(receivers.map((r) => r.stop()));
      }
    },
    SLOW_MS,
  );

  it('counts an attempt left SENDING past its lease as failed, and sends the next one', async () => {
    const receiver = await Receiver.start();
    try {
      const account = await sandbox.newAccount();
      // The event exists before the subscription, so the only attempt is the stranded one below.
      await account.client.cards.create({ type: 'VIRTUAL' });
      const [event] = (await account.client.events.list()).data;
      const subscription = await account.client.events.subscriptions.create({ url: receiver.url });
      // What a worker that crashed (or stalled) mid-send leaves behind: SENDING, its lease over.
      await sandbox.database.dataSource.query(
        `INSERT INTO message_attempts (token, account_token, event_token, event_subscription_token, url,
           status, attempt, next_attempt_at, created, updated)
         VALUES ($1, $2, $3, $4, $5, 'SENDING', 1, now() - interval '1 second', now(), now())`,
        [newToken('atmpt'), account.accountToken, event.token, subscription.token, receiver.url],
      );
      const attempts = await eventually('the next attempt delivered', async () => {
        const list = (await account.client.events.listAttempts(event.token)).data;
        return list.some((a) => a.status === 'SUCCESS') && list;
      });
      expect(attempts.map((a) => [a.status, a.response_status_code, a.response])).toEqual([
        ['SUCCESS', 200, 'ok'],
        ['FAILED', 0, LEASE_EXPIRED],
      ]);
      expect(receiver.deliveries.map((d) => d.id)).toEqual([event.token]);
    } finally {
      await receiver.stop();
    }
  });

  it("queues the next attempt after a lapsed lease on the worker's backoff, and none after the last", async () => {
    const account = await sandbox.newAccount();
    await account.client.cards.create({ type: 'VIRTUAL' });
    const [event] = (await account.client.events.list()).data;
    // Nothing listens there; the attempts below are all this subscription gets.
    const subscription = await account.client.events.subscriptions.create({ url: 'http://127.0.0.1:9/none' });
    const strand = (attempt: number) =>
      sandbox.database.dataSource.query(
        `INSERT INTO message_attempts (token, account_token, event_token, event_subscription_token, url,
           status, attempt, next_attempt_at, created, updated)
         VALUES ($1, $2, $3, $4, $5, 'SENDING', $6, now() - interval '1 second', now(), now())`,
        [
          newToken('atmpt'),
          account.accountToken,
          event.token,
          subscription.token,
          'http://127.0.0.1:9/none',
          attempt,
        ],
      );
    // The tests' sandbox: WEBHOOK_RETRY_BASE_MS 200, WEBHOOK_MAX_ATTEMPTS 8 (support/sandbox.ts).
    await strand(7);
    await strand(8);
    const attempts = await eventually('both lapsed attempts failed', async () => {
      const rows = await sandbox.database.dataSource.query(
        `SELECT attempt, status, EXTRACT(EPOCH FROM next_attempt_at - created) * 1000 AS due_after_ms
         FROM message_attempts WHERE event_subscription_token = $1 ORDER BY attempt, created`,
        [subscription.token],
      );
      return rows.filter((r: { status: string }) => r.status === 'FAILED').length === 2 && rows;
    });
    // Attempt 7 waits 200 ms doubled six times for the eighth and last, which waits in the queue.
    expect(
      attempts
        .filter((a: { status: string }) => a.status !== 'FAILED')
        .map((a: { attempt: number; status: string; due_after_ms: string }) => [
          a.attempt,
          a.status,
          Number(a.due_after_ms),
        ]),
    ).toEqual([[8, 'PENDING', retryDelayMs(7, 200, 8)]]);
  });

  it('fails a delivery whose answer runs past 64 KB, promptly, and stops reading it', async () => {
    const huge = await hugeAnswerServer('', '');
    try {
      const account = await sandbox.newAccount();
      const { token } = await account.client.events.subscriptions.create({ url: huge.url });
      const started = Date.now();
      await account.client.events.subscriptions.sendSimulatedExample(token, { event_type: 'card.created' });
      const [attempt] = await eventually('the huge answer failed', async () => {
        const list = await account.client.events.subscriptions.listAttempts(token, { status: 'FAILED' });
        return list.data.length > 0 && list.data;
      });
      // Prompt (loose, for a loaded machine); a send timeout would have recorded another response.
      expect(Date.now() - started).toBeLessThan(WEBHOOK_TIMEOUT_MS * 2);
      expect([attempt.response_status_code, attempt.response]).toEqual([
        200,
        'Response body larger than 65536 bytes; not read further',
      ]);
      expect(huge.finished()).toBe(false);
      expect(huge.written()).toBeLessThan(FIFTY_MB / 2);
    } finally {
      await huge.close();
    }
  });

  it("stores at most 1 KB of a receiver's answer, cut on a character boundary", async () => {
    const wordy = await Receiver.start(() => ({ status: 500, body: 'é'.repeat(1500) }));
    try {
      const account = await sandbox.newAccount();
      const { token } = await account.client.events.subscriptions.create({ url: wordy.url });
      await account.client.events.subscriptions.sendSimulatedExample(token, { event_type: 'card.created' });
      const [attempt] = await eventually('the wordy answer recorded', async () => {
        const list = await account.client.events.subscriptions.listAttempts(token, { status: 'FAILED' });
        return list.data.length > 0 && list.data;
      });
      expect(attempt.response_status_code).toBe(500);
      // 'é' is two bytes: 512 of them fill the 1 KB.
      expect(attempt.response).toBe('é'.repeat(512));
    } finally {
      await wordy.stop();
    }
  });

  it('declines with MALFORMED_ASA_RESPONSE, promptly, when the responder answers 50 MB', async () => {
    // Valid JSON that approves, once read to its end: the sandbox must not read that far.
    const huge = await hugeAnswerServer('{"result":"APPROVED","padding":"', '"}');
    try {
      const account = await sandbox.newAccount();
      await account.client.responderEndpoints.create({ type: 'AUTH_STREAM_ACCESS', url: huge.url });
      const card = await account.client.cards.create({ type: 'VIRTUAL' });
      const started = Date.now();
      const answer = await authorize(sandbox, account.apiKey, card.pan!);
      // MALFORMED, not CUSTOMER_ASA_TIMEOUT: the answer was cut off before the timeout.
      expect(Date.now() - started).toBeLessThan(ASA_TIMEOUT_MS * 5);
      expect(answer.status).toBe(422);
      expect(await detailedResults(account, answer.body.token)).toEqual(['MALFORMED_ASA_RESPONSE']);
      expect(huge.requests()).toBe(1);
      expect(huge.finished()).toBe(false);
      expect(huge.written()).toBeLessThan(FIFTY_MB / 2);
    } finally {
      await huge.close();
    }
  });

  it('declines with CUSTOMER_ASA_TIMEOUT on time when the responder never answers, under forced GC', async () => {
    const silent = await silentServer();
    let stopGc = () => undefined as void;
    try {
      const account = await sandbox.newAccount();
      await account.client.responderEndpoints.create({ type: 'AUTH_STREAM_ACCESS', url: silent.url });
      const card = await account.client.cards.create({ type: 'VIRTUAL' });
      stopGc = collectGarbage(400);
      const started = Date.now();
      const answer = await authorize(sandbox, account.apiKey, card.pan!);
      // Generous for the collections' pauses; the old timeout, once collected, never fired at all.
      expect(Date.now() - started).toBeLessThan(ASA_TIMEOUT_MS * 10);
      expect(answer.status).toBe(422);
      expect(await detailedResults(account, answer.body.token)).toEqual(['CUSTOMER_ASA_TIMEOUT']);
    } finally {
      stopGc();
      await silent.close();
    }
  });

  it.each([
    [
      'http://169.254.169.254/latest/meta-data/',
      /169\.254\.169\.254 is a cloud metadata address; it is never reachable/,
    ],
    ['http://[fe80::1]:8080/hook', /fe80::1 is a link-local address; it is never reachable/],
    [
      'http://metadata.google.internal/computeMetadata/v1/',
      /metadata\.google\.internal is a cloud metadata host/,
    ],
  ])('refuses %s for a subscription and a responder in any mode, naming url', async (url, message) => {
    const account = await sandbox.newAccount();
    await expect(account.client.events.subscriptions.create({ url })).rejects.toMatchObject({
      status: 400,
      error: { message: expect.stringMatching(new RegExp(`^url: ${message.source}`)) },
    });
    const { token } = await account.client.events.subscriptions.create({ url: 'https://example.com/hook' });
    await expect(account.client.events.subscriptions.update(token, { url })).rejects.toMatchObject({
      status: 400,
      error: { message: expect.stringMatching(/^url: /) },
    });
    await expect(
      account.client.responderEndpoints.create({ type: 'AUTH_STREAM_ACCESS', url }),
    ).rejects.toMatchObject({ status: 400, error: { message: expect.stringMatching(/^url: /) } });
  });

  it('records a delivery to a refused address as a failed attempt that says why, without connecting', async () => {
    const account = await sandbox.newAccount();
    const { token } = await account.client.events.subscriptions.create({ url: 'https://example.com/hook' });
    // A subscription stored before the policy existed.
    await sandbox.database.dataSource.query('UPDATE event_subscriptions SET url = $2 WHERE token = $1', [
      token,
      'http://169.254.169.254/latest/meta-data/',
    ]);
    await account.client.events.subscriptions.sendSimulatedExample(token, { event_type: 'card.created' });
    const [attempt] = await eventually('the refusal recorded', async () => {
      const list = await account.client.events.subscriptions.listAttempts(token, { status: 'FAILED' });
      return list.data.length > 0 && list.data;
    });
    expect([attempt.response_status_code, attempt.response]).toEqual([
      0,
      'Refused: 169.254.169.254 is a cloud metadata address; it is never reachable',
    ]);
  });
});

// PostgreSQL mode refuses private addresses unless OUTBOUND_ALLOW lists them. Its own database:
// a worker with this policy must not take over other test files' deliveries to 127.0.0.1.
const onPostgres = (await postgresAvailable()) ? describe : describe.skip;

onPostgres('outbound policy in PostgreSQL mode without OUTBOUND_ALLOW', () => {
  const sandbox = useSandbox({
    database: 'postgres',
    databaseUrl: `${POSTGRES_URL}_policy`,
    env: { OUTBOUND_ALLOW: undefined, ASA_TIMEOUT_MS: String(ASA_TIMEOUT_MS) },
  });

  it.each([
    ['http://127.0.0.1:5432/'],
    ['http://localhost:8080/hook'],
    ['http://10.0.0.8/hook'],
    ['http://192.168.1.10/hook'],
    ['http://[::1]:9000/hook'],
  ])('refuses %s with a 400 that names url and OUTBOUND_ALLOW', async (url) => {
    const account = await sandbox.newAccount();
    const refusal = {
      status: 400,
      error: {
        message: expect.stringMatching(
          /^url: .* is a loopback or private address, refused when DATABASE_URL is set; list it in OUTBOUND_ALLOW to allow it$/,
        ),
      },
    };
    await expect(account.client.events.subscriptions.create({ url })).rejects.toMatchObject(refusal);
    const { token } = await account.client.events.subscriptions.create({ url: 'https://example.com/hook' });
    await expect(account.client.events.subscriptions.update(token, { url })).rejects.toMatchObject(refusal);
    await expect(
      account.client.responderEndpoints.create({ type: 'AUTH_STREAM_ACCESS', url }),
    ).rejects.toMatchObject(refusal);
  });

  it('refuses at connect time what a name resolves to, for webhooks and the responder', async () => {
    const receiver = await Receiver.start();
    try {
      const account = await sandbox.newAccount();
      const port = new URL(receiver.url).port;
      // Stored before the policy (or under an older OUTBOUND_ALLOW): the send itself must refuse.
      const literal = await account.client.events.subscriptions.create({ url: 'https://example.com/a' });
      const named = await account.client.events.subscriptions.create({ url: 'https://example.com/b' });
      await sandbox.database.dataSource.query(
        `UPDATE event_subscriptions SET url = CASE token WHEN $1 THEN $3 ELSE $4 END WHERE token IN ($1, $2)`,
        [literal.token, named.token, `http://127.0.0.1:${port}/hook`, `http://localhost:${port}/hook`],
      );
      await account.client.cards.create({ type: 'VIRTUAL' });
      for (const { token } of [literal, named]) {
        const [attempt] = await eventually('the refusal recorded', async () => {
          const list = await account.client.events.subscriptions.listAttempts(token, { status: 'FAILED' });
          return list.data.length > 0 && list.data;
        });
        expect(attempt.response).toMatch(
          /^Refused: (127\.0\.0\.1|localhost \((127\.0\.0\.1|::1)\)) is a loopback or private address, refused when DATABASE_URL is set; list it in OUTBOUND_ALLOW to allow it$/,
        );
      }

      await account.client.responderEndpoints.create({
        type: 'AUTH_STREAM_ACCESS',
        url: 'https://example.com/asa',
      });
      await sandbox.database.dataSource.query(
        'UPDATE responder_endpoints SET url = $2 WHERE account_token = $1',
        [account.accountToken, `http://localhost:${port}/asa`],
      );
      const card = await account.client.cards.create({ type: 'VIRTUAL' });
      const answer = await authorize(sandbox, account.apiKey, card.pan!);
      expect(answer.status).toBe(422);
      expect(await detailedResults(account, answer.body.token)).toEqual(['MALFORMED_ASA_RESPONSE']);
      await sleep(200);
      expect(receiver.deliveries).toEqual([]);
    } finally {
      await receiver.stop();
    }
  });
});
