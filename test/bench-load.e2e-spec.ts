import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
// @ts-expect-error: a plain .mjs script of the benchmark, without types
import { runAutocannon, summarize } from '../scripts/bench/load.mjs';

/**
 * The benchmark's autocannon runs (scripts/bench/load.mjs) share the app's "died" signal, one per
 * app for every run against it; each run must leave it as it found it.
 */
describe('the benchmark’s load runs', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((_, response) => response.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('take their stop listener off the shared signal when they end', async () => {
    const died = new AbortController();
    for (let run = 0; run < 3; run++) {
      const result = (await runAutocannon({
        label: `run ${run}`,
        url,
        apiKey: 'unused',
        connections: 1,
        amount: 2,
        requests: [{ method: 'GET', path: '/' }],
        stopSignal: died.signal,
      })) as { requests: { total: number } };
      expect(result.requests.total).toBe(2);
    }
    expect(getEventListeners(died.signal, 'abort')).toHaveLength(0);
  });

  it('report req/s over the run’s own duration, not over whole seconds', async () => {
    // 99 quick answers, then one after 1.4 s: a run of about 1.5 s, whose second second holds one
    // answer. Counted in whole seconds, that half-empty second weighs as much as the full one.
    let answered = 0;
    const slow = createServer((_, response) => {
      answered += 1;
      setTimeout(() => response.end('{}'), answered === 100 ? 1_400 : 0);
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      const result = (await runAutocannon({
        label: 'fixed amount',
        url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`,
        apiKey: 'unused',
        connections: 1,
        amount: 100,
        requests: [{ method: 'GET', path: '/' }],
        stopSignal: new AbortController().signal,
      })) as { requests: { total: number } };
      const { requestsPerSecond } = summarize(result) as { requestsPerSecond: number };
      expect(result.requests.total).toBe(100);
      // 100 answers in about 1.45 s: about 69 req/s, not 100 / 2 s.
      expect(requestsPerSecond).toBeGreaterThan(52);
      expect(requestsPerSecond).toBeLessThan(72);
    } finally {
      await new Promise((resolve) => slow.close(resolve));
    }
  });
});
