import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  postgresAvailable,
  SLOW_MS,
  startSandbox,
  testDatabase,
  type TestSandbox,
} from './support/sandbox.js';
import { eventually, Receiver, sleep } from './support/webhooks.js';

describe(`webhook delivery on the ${testDatabase()} database`, () => {
  it(
    'delivers every event at least once after a receiver outage spanning a sandbox restart',
    async () => {
      // Embedded: the same data directory twice. PostgreSQL: two instances in turn on one database.
      const dataDir =
        testDatabase() === 'embedded' ? await mkdtemp(join(tmpdir(), 'webhooks-durability-')) : undefined;
      const receiver = await Receiver.start();
      let sandbox: TestSandbox | undefined = await startSandbox({ dataDir });
      try {
        const account = await sandbox.newAccount();
        const subscription = await account.client.events.subscriptions.create({ url: receiver.url });
        const { secret } = await account.client.events.subscriptions.retrieveSecret(subscription.token);

        await receiver.stop();
        const card = await account.client.cards.create({ type: 'VIRTUAL' });
        await account.client.transactions.simulateAuthorization({
          amount: 500,
          descriptor: 'OUTAGE BAKERY',
          pan: card.pan!,
        });
        await account.client.events.subscriptions.sendSimulatedExample(subscription.token, {
          event_type: 'card_transaction.updated',
        });
        const events = (await account.client.events.list()).data;
        expect(events.length).toBeGreaterThanOrEqual(3);
        await eventually('a failed attempt of every event', async () => {
          const failed = await account.client.events.subscriptions.listAttempts(subscription.token, {
            status: 'FAILED',
          });
          return events.every((e) => failed.data.some((a) => a.event_token === e.token));
        });

        await sandbox.close();
        sandbox = undefined;
        sandbox = await startSandbox({ dataDir });
        const client = sandbox.client(account.apiKey);
        // The outage spans the restart: the restarted sandbox retries every event and fails again
        // before the receiver comes back (counted, not timed, so a slow machine cannot skip it).
        await eventually('a second failed attempt of every event, after the restart', async () => {
          const failed = await client.events.subscriptions.listAttempts(subscription.token, {
            status: 'FAILED',
          });
          return events.every((e) => failed.data.filter((a) => a.event_token === e.token).length >= 2);
        });
        expect(receiver.deliveries).toEqual([]);
        await receiver.listen();

        await eventually(
          'every event at the receiver',
          () => events.every((e) => receiver.deliveries.some((d) => d.id === e.token)),
          25_000,
        );
        for (const delivery of receiver.deliveries) {
          expect(() =>
            client.webhooks.parse(delivery.body, {
              headers: delivery.headers as Record<string, string>,
              secret: secret!,
            }),
          ).not.toThrow();
        }
        for (const event of events) {
          const attempts = await eventually('the success recorded', async () => {
            const list = (await client.events.listAttempts(event.token)).data;
            return list[0]?.status === 'SUCCESS' && list;
          });
          const failures = attempts.filter((a) => a.status === 'FAILED');
          expect(failures.length).toBeGreaterThanOrEqual(2);
          expect(failures.every((a) => a.response_status_code === 0 && /ECONNREFUSED/.test(a.response))).toBe(
            true,
          );
        }
      } finally {
        await sandbox?.close();
        await receiver.stop();
        if (dataDir) await rm(dataDir, { recursive: true, force: true });
      }
    },
    SLOW_MS,
  );
});

// Several processes on one PostgreSQL all run the worker; SKIP LOCKED and leases share the queue.
const onPostgres = (await postgresAvailable()) ? describe : describe.skip;

onPostgres('webhook delivery from two app instances on one PostgreSQL', () => {
  let first: TestSandbox;
  let second: TestSandbox;
  beforeAll(async () => {
    [first, second] = await Promise.all([
      startSandbox({ database: 'postgres' }),
      startSandbox({ database: 'postgres' }),
    ]);
  }, SLOW_MS);
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
  }, SLOW_MS);

  it('delivers each of 40 events exactly once', async () => {
    const receiver = await Receiver.start();
    try {
      const account = await first.newAccount();
      const clients = [account.client, second.client(account.apiKey)];
      const subscription = await account.client.events.subscriptions.create({ url: receiver.url });
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          clients[i % 2].events.subscriptions.sendSimulatedExample(subscription.token, {
            event_type: 'card.created',
          }),
        ),
      );
      await eventually('40 deliveries', () => receiver.deliveries.length >= 40, 10_000);
      await sleep(500);
      const ids = receiver.deliveries.map((d) => d.id);
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
    } finally {
      await receiver.stop();
    }
  });
});
