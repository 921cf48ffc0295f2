// The HTTP side of the benchmark: seeding cards through the API, and autocannon runs.
import { randomInt } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

const { fetch } = globalThis;

/**
 * Creates `count` VIRTUAL cards through POST /v1/cards, `inFlight` at a time, and returns their
 * tokens and PANs (the create response is the one place the API reveals a PAN without asking).
 * Any failure aborts: an authorization benchmark on a partial card set would not be comparable.
 */
export async function createCards({ url, apiKey, count, inFlight, body = { type: 'VIRTUAL' } }) {
  const cards = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      next++;
      cards.push(await createCard(url, apiKey, body));
      // Off a terminal every line stays, so only every hundredth is worth printing.
      if (process.stderr.isTTY || cards.length % 100 === 0)
        progress(`creating cards ${cards.length}/${count}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
  const seconds = (performance.now() - started) / 1000;
  progressDone();
  return { cards, seconds, perSecond: count / seconds };
}

async function createCard(url, apiKey, body) {
  const response = await fetch(`${url}/v1/cards`, {
    method: 'POST',
    headers: { authorization: apiKey, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== 201 && response.status !== 200) {
    throw new Error(`POST /v1/cards answered ${response.status}: ${text.slice(0, 500)}`);
  }
  const { token, pan, state } = JSON.parse(text);
  if (!pan || state !== 'OPEN') throw new Error(`POST /v1/cards returned no open card with a PAN: ${text}`);
  return { token, pan };
}

/**
 * A request per call with a random amount on a random card: no two connections replay one body.
 * `oncePerCard`: the cards in turn instead, each charged once (run it with `amount: pans.length`).
 */
export function authorizeRequests(pans, { oncePerCard = false } = {}) {
  let next = 0;
  return [
    {
      method: 'POST',
      path: '/v1/simulate/authorize',
      setupRequest: (request) => ({
        ...request,
        body: JSON.stringify({
          amount: randomInt(1, 5001),
          descriptor: 'BENCH SHOP',
          pan: oncePerCard ? pans[next++ % pans.length] : pans[randomInt(pans.length)],
        }),
      }),
    },
  ];
}

/** A new account and its API key (POST /sandbox/accounts), so a scenario's settings touch no other. */
export async function createAccount(url, apiKey) {
  const response = await fetch(`${url}/sandbox/accounts`, {
    method: 'POST',
    headers: { authorization: apiKey, 'content-type': 'application/json' },
    body: '{}',
  });
  const text = await response.text();
  if (response.status !== 201 && response.status !== 200)
    throw new Error(`POST /sandbox/accounts answered ${response.status}: ${text.slice(0, 500)}`);
  const { account_token: token, api_key: key } = JSON.parse(text);
  return { token, apiKey: key };
}

export const createCardRequests = () => [
  { method: 'POST', path: '/v1/cards', body: JSON.stringify({ type: 'VIRTUAL' }) },
];

/**
 * One autocannon run, with a once-per-second progress line on stderr (autocannon's own bar only
 * draws on a TTY, and CI logs are not one). Resolves with autocannon's result object; `stopSignal`
 * ends the run early (the app died).
 */
export async function runAutocannon({
  label,
  url,
  apiKey,
  connections,
  seconds,
  amount,
  requests,
  stopSignal,
}) {
  const instance = autocannon({
    url,
    connections,
    // `amount` (a number of requests) wins over `duration` when given.
    ...(amount ? { amount } : { duration: seconds }),
    headers: { authorization: apiKey, 'content-type': 'application/json' },
    requests,
  });
  // Every run of one app shares its signal: a listener left behind by each run piled up (Node warns
  // past 10), so each run takes its own off when it ends.
  const stop = () => instance.stop();
  stopSignal?.addEventListener('abort', stop, { once: true });
  let elapsed = 0;
  const of = amount ? `${amount} requests` : `${seconds} s`;
  instance.on('tick', ({ counter }) => progress(`${label}: ${++elapsed} s of ${of}, ${counter} req/s`));
  // autocannon's own duration runs to its next whole-second tick: the run ends at its last answer.
  const started = performance.now();
  let answered = started;
  instance.on('response', () => (answered = performance.now()));
  try {
    const result = await instance;
    result.answeredSeconds = (answered - started) / 1000;
    return result;
  } finally {
    stopSignal?.removeEventListener('abort', stop);
    progressDone();
  }
}

/** The numbers the summary needs from an autocannon result; non-2xx includes socket errors. */
export function summarize(result) {
  const failed = result.non2xx + result.errors + result.timeouts;
  const total = result.requests.total + result.errors + result.timeouts;
  return {
    // Not autocannon's requests.average, a mean of per-second buckets, nor over its duration, which
    // runs to its next tick: a run of a fixed number of requests (single-use cards) ends inside a
    // second, which counted whole. 3,000 requests in 6.2 s read as 3000 / 7 = 428.6 req/s.
    requestsPerSecond: round(result.requests.total / (result.answeredSeconds ?? result.duration)),
    latencyMs: {
      average: round(result.latency.average),
      p50: result.latency.p50,
      p97_5: result.latency.p97_5,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    socketErrors: result.errors,
    timeouts: result.timeouts,
    failed,
    failedRatio: total === 0 ? 1 : failed / total,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count])),
  };
}

const round = (n, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** On a terminal, rewrite one line; elsewhere (CI logs), a line at a time. */
export function progress(text) {
  process.stderr.write(process.stderr.isTTY ? `\r${text}\x1b[K` : `${text}\n`);
}

export function progressDone() {
  if (process.stderr.isTTY) process.stderr.write('\n');
}
