// Benchmarks the authorization hot path, POST /v1/simulate/authorize, against a real PostgreSQL,
// next to the ceiling pgbench reaches for the same SQL (scripts/bench/authorize.pgbench.sql).
//
//   npm run bench                       # builds first; about a minute with the defaults
//   BENCH_SECONDS=30 BENCH_CONNECTIONS=8 npm run bench
//   npm run bench:history               # the locked path on one limited card with a long history
//                                       # (scripts/bench-history.mjs)
//
// Environment (all optional):
//   BENCH_DATABASE_URL      postgres://postgres@127.0.0.1:5432/card_sandbox_bench (dropped and recreated)
//   BENCH_SECONDS           15    length of the authorize run, and of each pgbench run
//   BENCH_WARMUP_SECONDS    2     authorize load before measuring (JIT, pool, prepared statements)
//   BENCH_CONNECTIONS       32    autocannon connections
//   BENCH_POOL_SIZE         10    the app's DB_POOL_SIZE
//   BENCH_CARDS             1000  cards to spread the authorizations over
//   BENCH_CARD_SECONDS      5     autocannon run on POST /v1/cards (0 skips it)
//   BENCH_PGBENCH_CLIENTS   32    pgbench -c
//   BENCH_LOG_LEVEL         warn  the app's LOG_LEVEL (info adds a JSON request log line per request)
//   BENCH_NODE_ARGS               extra node flags for the app, e.g. "--prof --logfile=/tmp/v8-%p.log"
//                                 (NODE_OPTIONS refuses --prof)
//
// Prints a summary on stdout and writes it to bench-results.json; progress goes to stderr.
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describeExit, freePort, startApp } from './bench/app.mjs';
import { backendPids, cpuUsed, msPer, sampleCpu } from './bench/cpu.mjs';
import { checkPgbench, numberCards, recreateDatabase, runPgbench } from './bench/database.mjs';
import {
  authorizeRequests,
  createCardRequests,
  createCards,
  runAutocannon,
  summarize,
} from './bench/load.mjs';

const PGBENCH_SCRIPT = fileURLToPath(new URL('./bench/authorize.pgbench.sql', import.meta.url));
const RESULTS_FILE = 'bench-results.json';
/** Fixed credentials: the database is recreated per run, so nothing here protects anything. */
const SANDBOX_SECRET = '5eed'.repeat(16);
const API_KEY = 'bench-api-key-0001';
const MAX_FAILED_RATIO = 0.01;
const START_TIMEOUT_MS = 20_000;

let config;
let app = null;

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => void abort(`interrupted (${signal})`, { showAppOutput: false }));
}
try {
  config = readConfig(process.env);
  await main();
} catch (error) {
  await abort(error.message, { showAppOutput: true });
}

async function main() {
  const pgbenchVersion = checkPgbench();
  step(`recreating database ${config.databaseUrl}`);
  const database = await recreateDatabase(config.databaseUrl);

  step(`starting the sandbox (pool ${config.poolSize}, LOG_LEVEL=${config.logLevel})`);
  app = await startApp({
    port: await freePort(),
    timeoutMs: START_TIMEOUT_MS,
    nodeArgs: config.nodeArgs,
    env: {
      DATABASE_URL: config.databaseUrl,
      SANDBOX_SECRET,
      SANDBOX_API_KEY: API_KEY,
      LOG_LEVEL: config.logLevel,
      DB_POOL_SIZE: String(config.poolSize),
    },
  });
  const http = await runHttpBenchmarks(app);
  await app.stop();
  app = null;

  // Only now: pgbench and the app share the one PostgreSQL and the machine's cores.
  await numberCards(config.databaseUrl, http.cardTokens);
  const pgbench = {};
  for (const mode of ['prepared', 'extended']) {
    step(`pgbench -M ${mode}, ${config.pgbenchClients} clients, ${config.seconds} s`);
    pgbench[mode] = await runPgbench({
      databaseUrl: config.databaseUrl,
      script: PGBENCH_SCRIPT,
      mode,
      clients: config.pgbenchClients,
      threads: 2,
      seconds: config.seconds,
      cards: http.cardTokens.length,
    });
  }

  const results = {
    date: new Date().toISOString(),
    environment: {
      node: process.version,
      cpus: cpus().length,
      postgres: database.serverVersion,
      pgbench: pgbenchVersion,
    },
    config,
    authorize: http.authorize,
    createCards: http.createCards,
    pgbench,
    ratios: {
      appToPgbenchPrepared: round(http.authorize.requestsPerSecond / pgbench.prepared.tps, 3),
      appToPgbenchExtended: round(http.authorize.requestsPerSecond / pgbench.extended.tps, 3),
    },
  };
  await writeFile(RESULTS_FILE, JSON.stringify(results, null, 2) + '\n');
  printSummary(results);
}

/** Seeds the cards, then measures authorizations, then (optionally) card creation under load. */
async function runHttpBenchmarks({ url, pid, diedSignal }) {
  const seeded = await createCards({ url, apiKey: API_KEY, count: config.cards, inFlight: 20 });
  const pans = seeded.cards.map((c) => c.pan);
  const load = { url, apiKey: API_KEY, connections: config.connections, stopSignal: diedSignal };

  if (config.warmupSeconds > 0) {
    await runAutocannon({
      ...load,
      label: 'warm-up',
      seconds: config.warmupSeconds,
      requests: authorizeRequests(pans),
    });
  }
  const { result, cpu } = await measureCpu(pid, () =>
    runAutocannon({
      ...load,
      label: 'POST /v1/simulate/authorize',
      seconds: config.seconds,
      requests: authorizeRequests(pans),
    }),
  );
  const authorize = summarize(result);
  authorize.cpuMsPerRequest = {
    app: msPer(cpu.appSeconds, authorize.total),
    database: msPer(cpu.databaseSeconds, authorize.total),
    loadGenerator: msPer(cpu.loadGeneratorSeconds, authorize.total),
  };
  assertAppAlive();
  assertFewFailures('POST /v1/simulate/authorize', authorize);

  let underLoad = null;
  if (config.cardSeconds > 0) {
    underLoad = summarize(
      await runAutocannon({
        ...load,
        label: 'POST /v1/cards',
        seconds: config.cardSeconds,
        requests: createCardRequests(),
      }),
    );
    assertAppAlive();
    assertFewFailures('POST /v1/cards', underLoad);
  }
  return {
    cardTokens: seeded.cards.map((c) => c.token),
    authorize,
    createCards: {
      seeded: { count: seeded.cards.length, inFlight: 20, perSecond: round(seeded.perSecond) },
      underLoad,
    },
  };
}

/** Runs `work`, and measures the CPU the app, its pool's backends and this process spent meanwhile. */
async function measureCpu(appPid, work) {
  const backends = await backendPids(config.databaseUrl, 'card-sandbox');
  const before = { app: sampleCpu([appPid]), database: sampleCpu(backends), self: process.cpuUsage() };
  const result = await work();
  const self = process.cpuUsage(before.self);
  return {
    result,
    cpu: {
      appSeconds: cpuUsed(before.app, sampleCpu([appPid])),
      databaseSeconds: cpuUsed(before.database, sampleCpu(backends)),
      loadGeneratorSeconds: (self.user + self.system) / 1e6,
    },
  };
}

function assertAppAlive() {
  if (app.exit) throw new Error(`The sandbox died during the run (${describeExit(app.exit)})`);
}

function assertFewFailures(label, summary) {
  if (summary.failedRatio > MAX_FAILED_RATIO) {
    throw new Error(
      `${label}: ${summary.failed} of ${summary.total} requests failed ` +
        `(status codes ${JSON.stringify(summary.statusCodes)}, socket errors ${summary.socketErrors}, ` +
        `timeouts ${summary.timeouts}); more than ${MAX_FAILED_RATIO * 100}% is a broken run, not a slow one`,
    );
  }
}

function printSummary({ authorize: a, createCards: c, pgbench: p, ratios, config: cfg, environment: env }) {
  const rows = [
    [`POST /v1/simulate/authorize (${cfg.connections} connections, pool ${cfg.poolSize}, ${cfg.seconds} s)`],
    ['  requests/s (average)', a.requestsPerSecond],
    ['  latency p50 / p97.5 / p99 (ms)', `${a.latencyMs.p50} / ${a.latencyMs.p97_5} / ${a.latencyMs.p99}`],
    ['  latency average / max (ms)', `${a.latencyMs.average} / ${a.latencyMs.max}`],
    ['  requests total', a.total],
    ['  errors (non-2xx + socket + timeouts)', `${a.failed} (${fmtPercent(a.failedRatio)})`],
    ['  CPU ms/request: app / its PG backends / autocannon', fmtCpu(a.cpuMsPerRequest)],
    ['POST /v1/cards'],
    [`  cards/s while seeding (${c.seeded.count} cards, 20 in flight)`, c.seeded.perSecond],
    ...(c.underLoad
      ? [
          [
            `  requests/s under load (${cfg.connections} conn., ${cfg.cardSeconds} s)`,
            c.underLoad.requestsPerSecond,
          ],
          [
            '  latency p50 / p99 (ms), errors',
            `${c.underLoad.latencyMs.p50} / ${c.underLoad.latencyMs.p99}, ${c.underLoad.failed}`,
          ],
        ]
      : []),
    [`pgbench, same SQL (${cfg.pgbenchClients} clients, 2 threads, ${cfg.seconds} s)`],
    ['  -M prepared: tps / latency avg (ms)', `${round(p.prepared.tps)} / ${p.prepared.latencyAverageMs}`],
    ['  -M extended: tps / latency avg (ms)', `${round(p.extended.tps)} / ${p.extended.latencyAverageMs}`],
    ['  CPU ms/transaction, prepared: PG backends / pgbench', fmtCpu(p.prepared.cpuMsPerTransaction)],
    ['  CPU ms/transaction, extended: PG backends / pgbench', fmtCpu(p.extended.cpuMsPerTransaction)],
    ['  app / pgbench prepared', fmtPercent(ratios.appToPgbenchPrepared)],
    ['  app / pgbench extended', fmtPercent(ratios.appToPgbenchExtended)],
  ];
  const width = Math.max(...rows.filter((r) => r.length === 2).map(([label]) => label.length)) + 2;
  const lines = rows.map(([label, value]) => (value === undefined ? label : label.padEnd(width) + value));
  console.log(
    `\n${lines.join('\n')}\n\n(${env.cpus} CPUs, node ${env.node}, PostgreSQL ${env.postgres}; written to ${RESULTS_FILE})`,
  );
}

function readConfig(env) {
  const int = (name, fallback, min) => {
    const value = env[name] === undefined || env[name] === '' ? fallback : Number(env[name]);
    if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}`);
    return value;
  };
  return {
    databaseUrl: env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/card_sandbox_bench',
    seconds: int('BENCH_SECONDS', 15, 1),
    warmupSeconds: int('BENCH_WARMUP_SECONDS', 2, 0),
    connections: int('BENCH_CONNECTIONS', 32, 1),
    poolSize: int('BENCH_POOL_SIZE', 10, 1),
    cards: int('BENCH_CARDS', 1000, 1),
    cardSeconds: int('BENCH_CARD_SECONDS', 5, 0),
    pgbenchClients: int('BENCH_PGBENCH_CLIENTS', 32, 1),
    logLevel: logLevel(env.BENCH_LOG_LEVEL || 'warn'),
    nodeArgs: (env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
  };
}

/** Checked here: the app, given an unknown level, exits 1 without a word (its logger is what fails). */
function logLevel(level) {
  const levels = ['debug', 'info', 'warn', 'error'];
  if (!levels.includes(level)) throw new Error(`BENCH_LOG_LEVEL must be one of ${levels.join(', ')}`);
  return level;
}

/**
 * Stops the app if it runs and exits non-zero, saying why. The app's output goes along: its error
 * log (on stdout) or a crash on stderr usually explains failed requests better than the status codes.
 */
async function abort(message, { showAppOutput }) {
  const running = app;
  app = null;
  if (running) {
    await running.stop();
    if (showAppOutput) message += `\n${running.output()}`;
  }
  process.stderr.write(`\nbench failed: ${message}\n`);
  process.exit(1);
}

function step(text) {
  process.stderr.write(`${text}\n`);
}

function fmtCpu(perOperation) {
  return Object.values(perOperation)
    .map((ms) => ms ?? 'n/a')
    .join(' / ');
}

function fmtPercent(ratio) {
  return `${round(ratio * 100, 1)}%`;
}

function round(n, digits = 2) {
  return Math.round(n * 10 ** digits) / 10 ** digits;
}
