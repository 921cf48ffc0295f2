import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
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
    // 99 quick answers, then one after 1.4 s: a run of about 1.5 s on an idle machine, whose second
    // second holds one answer. Counted in whole seconds, that half-empty second weighs as much as
    // the full one. The run's span is measured here too, since how long the quick answers take
    // depends on what else the machine runs (in CI, other suites: 2.2 s once).
    let answered = 0;
    let lastAnswer = 0;
    const slow = createServer((_, response) => {
      answered += 1;
      setTimeout(
        () => {
          lastAnswer = performance.now();
          response.end('{}');
        },
        answered === 100 ? 1_400 : 0,
      );
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      const started = performance.now();
      const result = (await runAutocannon({
        label: 'fixed amount',
        url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`,
        apiKey: 'unused',
        connections: 1,
        amount: 100,
        requests: [{ method: 'GET', path: '/' }],
        stopSignal: new AbortController().signal,
      })) as { requests: { total: number }; duration: number };
      const { requestsPerSecond } = summarize(result) as { requestsPerSecond: number };
      expect(result.requests.total).toBe(100);
      const span = (lastAnswer - started) / 1000;
      expect(span).toBeGreaterThan(1.4);
      // 100 answers over the span (about 69 req/s idle), not 100 over whole seconds (50).
      expect(requestsPerSecond).toBeGreaterThan((100 / span) * 0.9);
      expect(requestsPerSecond).toBeLessThan((100 / span) * 1.1);
    } finally {
      await new Promise((resolve) => slow.close(resolve));
    }
  });
});
