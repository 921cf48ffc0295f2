// How an authorization's cost grows with the card's history: POST /v1/simulate/authorize on one
// MONTHLY-limited card that already has 0, 10 000, ... transactions (inserted with SQL, spread over
// the last 60 days), against a real PostgreSQL. Prints req/s per history size and the ratio to the
// empty card. Every charge on the card is serialized by its row lock, so this is the locked path.
//
//   npm run bench:history                          # this checkout (builds first)
//   node scripts/bench-history.mjs DIR [DIR…]      # other built checkouts too, side by side, runs interleaved
//
// Environment (all optional):
//   BENCH_DATABASE_URL      postgres://postgres@127.0.0.1:5432/card_sandbox_bench; each checkout gets
//                           this name plus _history_<n> (dropped and recreated; the name must say bench)
//   BENCH_HISTORY           0,10000          prior transactions on the card, per case
//   BENCH_SECONDS           10               length of each authorize run
//   BENCH_WARMUP_SECONDS    2
//   BENCH_CONNECTIONS       8                autocannon connections (all on the one card)
//   BENCH_POOL_SIZE         10               the app's DB_POOL_SIZE
//
// Prints a table on stdout and writes it to bench-history-results.json; progress goes to stderr.
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, startApp } from './bench/app.mjs';
import { recreateDatabase } from './bench/database.mjs';
import { runAutocannon, summarize } from './bench/load.mjs';

const here = fileURLToPath(new URL('..', import.meta.url));
const trees = process.argv.length > 2 ? process.argv.slice(2).map((dir) => resolve(dir)) : [here];
const RESULTS_FILE = 'bench-history-results.json';
const SANDBOX_SECRET = '5eed'.repeat(16);
const API_KEY = 'bench-api-key-0001';
/** High enough that no run reaches it: the limit is there to make every charge read its window. */
const SPEND_LIMIT = 100_000_000_000;

const env = process.env;
const int = (name, fallback) => {
  const value = env[name] ? Number(env[name]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
};
const config = {
  databaseUrl: env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/card_sandbox_bench',
  sizes: (env.BENCH_HISTORY || '0,10000').split(',').map(Number),
  seconds: int('BENCH_SECONDS', 10),
  warmupSeconds: int('BENCH_WARMUP_SECONDS', 2),
  connections: int('BENCH_CONNECTIONS', 8),
  poolSize: int('BENCH_POOL_SIZE', 10),
};
if (config.sizes.some((n) => !Number.isInteger(n) || n < 0))
  throw new Error('BENCH_HISTORY must be a comma-separated list of non-negative integers');

const apps = [];
try {
  for (const [i, tree] of trees.entries()) {
    const databaseUrl = `${config.databaseUrl}_history_${i}`;
    await recreateDatabase(databaseUrl);
    process.stderr.write(`starting ${tree} on ${databaseUrl}\n`);
    const app = await startApp({
      cwd: tree,
      port: await freePort(),
      timeoutMs: 20_000,
      env: {
        DATABASE_URL: databaseUrl,
        SANDBOX_SECRET,
        SANDBOX_API_KEY: API_KEY,
        LOG_LEVEL: 'warn',
        DB_POOL_SIZE: String(config.poolSize),
      },
    });
    apps.push({ tree, databaseUrl, app });
  }
  // Interleaved (size by size, checkout by checkout), so a neighbour's load on a shared machine
  // falls on every checkout alike.
  const results = apps.map(({ tree }) => ({ tree, runs: [] }));
  for (const size of config.sizes) {
    for (const [i, { databaseUrl, app }] of apps.entries()) {
      const card = await limitedCardWithHistory(app.url, databaseUrl, size);
      const load = {
        url: app.url,
        apiKey: API_KEY,
        connections: config.connections,
        stopSignal: app.diedSignal,
      };
      const requests = charges(card.pan);
      if (config.warmupSeconds > 0)
        await runAutocannon({ ...load, label: 'warm-up', seconds: config.warmupSeconds, requests });
      const label = `${size} prior transactions, ${results[i].tree}`;
      const summary = summarize(await runAutocannon({ ...load, label, seconds: config.seconds, requests }));
      if (summary.failedRatio > 0.01)
        throw new Error(`${label}: ${summary.failed} of ${summary.total} failed`);
      results[i].runs.push({
        history: size,
        requestsPerSecond: summary.requestsPerSecond,
        p99Ms: summary.latencyMs.p99,
      });
    }
  }
  for (const result of results) {
    const empty = result.runs.find((r) => r.history === 0)?.requestsPerSecond;
    for (const run of result.runs)
      run.ratioToEmpty = empty ? Math.round((run.requestsPerSecond / empty) * 1000) / 1000 : null;
  }
  await writeFile(
    RESULTS_FILE,
    JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, config, results }, null, 2) + '\n',
  );
  const lines = results.flatMap(({ tree, runs }) => [
    tree,
    ...runs.map(
      (r) =>
        `  ${String(r.history).padStart(8)} prior   ${String(r.requestsPerSecond).padStart(8)} req/s   p99 ${String(r.p99Ms).padStart(5)} ms   ${r.ratioToEmpty ?? 'n/a'} of empty`,
    ),
  ]);
  console.log(
    `\nPOST /v1/simulate/authorize on one MONTHLY-limited card (${config.connections} connections, ${config.seconds} s)\n${lines.join('\n')}\n\n(${cpus().length} CPUs; written to ${RESULTS_FILE})`,
  );
} finally {
  for (const { app } of apps) await app.stop();
}

/** A new MONTHLY-limited card, and `size` settled debits on it inserted with SQL over the last 60 days. */
async function limitedCardWithHistory(url, databaseUrl, size) {
  const response = await fetch(`${url}/v1/cards`, {
    method: 'POST',
    headers: { authorization: API_KEY, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'VIRTUAL', spend_limit: SPEND_LIMIT, spend_limit_duration: 'MONTHLY' }),
  });
  const card = await response.json();
  if (response.status !== 201 && response.status !== 200)
    throw new Error(`POST /v1/cards: ${JSON.stringify(card)}`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO transactions (token, account_token, card_token, status, result, polarity, authorization_amount,
         pending_amount, settled_amount, merchant_amount, merchant_currency, descriptor, mcc, merchant_acceptor_id,
         merchant_city, merchant_state, merchant_country, partial_approval_capable, authorization_code, network,
         created, updated)
       SELECT gen_random_uuid(), $1, $2, 'SETTLED', 'APPROVED', 'DEBIT', 1, 0, 1, 1, 'USD', 'HISTORY', '5999', '',
         '', '', 'USA', false, '000000', 'VISA', t, t
       FROM (SELECT now() - random() * interval '60 days' AS t FROM generate_series(1, $3::int)) AS h`,
      [await accountOf(client, card.token), card.token, size],
    );
    // A checkout with spend counters must count that history too, as its migration would have.
    const { rows } = await client.query(`SELECT to_regclass('card_spend_counters') IS NOT NULL AS counters`);
    if (rows[0].counters) {
      const counted = `SUM(pending_amount + settled_amount)`;
      const history = `FROM transactions WHERE card_token = $1 AND descriptor = 'HISTORY'`;
      const stripe = `get_byte(uuid_send(card_token), 15) % 16`;
      await client.query(
        `INSERT INTO card_spend_counters AS s (card_token, day, amount)
         SELECT card_token, (created AT TIME ZONE 'UTC')::date, ${counted} ${history} GROUP BY 1, 2
         UNION ALL SELECT card_token, 'infinity', ${counted} ${history} GROUP BY 1
         ON CONFLICT (card_token, day) DO UPDATE SET amount = s.amount + EXCLUDED.amount`,
        [card.token],
      );
      await client.query(
        `INSERT INTO account_spend_counters AS s (account_token, day, stripe, amount)
         SELECT account_token, (created AT TIME ZONE 'UTC')::date, ${stripe}, ${counted} ${history} GROUP BY 1, 2, 3
         UNION ALL SELECT account_token, 'infinity', ${stripe}, ${counted} ${history} GROUP BY 1, 3
         ON CONFLICT (account_token, day, stripe) DO UPDATE SET amount = s.amount + EXCLUDED.amount`,
        [card.token],
      );
    }
    await client.query('ANALYZE transactions');
  } finally {
    await client.end();
  }
  return card;
}

async function accountOf(client, cardToken) {
  const { rows } = await client.query('SELECT account_token FROM cards WHERE token = $1', [cardToken]);
  return rows[0].account_token;
}

function charges(pan) {
  let n = 0;
  return [
    {
      method: 'POST',
      path: '/v1/simulate/authorize',
      setupRequest: (request) => ({
        ...request,
        body: JSON.stringify({ amount: 1 + (n++ % 5000), descriptor: 'BENCH SHOP', pan }),
      }),
    },
  ];
}
