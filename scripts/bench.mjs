// Benchmarks the authorization hot path, POST /v1/simulate/authorize, and prints one table:
//
//   paths     each scenario of scripts/bench/scenarios.mjs (the plain path; the locked path on a
//             MONTHLY-limited, a single-use and a merchant-locked card) on PostgreSQL, next to the
//             ceiling pgbench reaches running the same SQL in the same round trips
//             (scripts/bench/pgbench-scripts.mjs)
//   history   one MONTHLY-limited card under a MONTH velocity rule with 0, 10k, 100k prior
//             transactions, loaded side by side: req/s as a ratio to the empty card in the same run
//             (the locked path: every charge waits for the card's row lock)
//   embedded  the plain path on the embedded database (PGlite, no DATABASE_URL, as `npm start`)
//   scale     deploy/nginx.conf in front of 1, 2 and 3 authorizer processes on one PostgreSQL
//   RSS       of the app idle and at its peak under each load
//
//   npm run bench                          # builds first; a few minutes
//   npm run bench -- --short               # under a minute (CI): short runs, fewer cards
//   npm run bench -- --only paths,history  # some sections (paths, history, embedded, scale)
//   npm run bench -- --compare bench-results/2026-11-30T19-00-00.json   # ratios to an earlier run
//   npm run bench:history                  # = npm run bench -- --only history
//   npm run bench -- --only paths --baseline ../other   # paths side by side with another built checkout
//
// Environment (all optional; the defaults of --short in brackets):
//   BENCH_DATABASE_URL      postgres://postgres@127.0.0.1:5432/card_sandbox_bench (dropped and recreated)
//   BENCH_SECONDS           10 [2]   each authorize run, and each pgbench run
//   BENCH_WARMUP_SECONDS    2 [1]    load before each measured run (JIT, pool, prepared statements),
//                                    and pgbench's seconds left out of its tps (its backends start cold)
//   BENCH_CONNECTIONS       32       autocannon connections
//   BENCH_POOL_SIZE         10       the app's DB_POOL_SIZE (per process)
//   BENCH_CARDS             1000 [100]  cards per scenario
//   BENCH_SCENARIOS         all      the paths to run, by id (scripts/bench/scenarios.mjs), e.g. plain,limited
//   BENCH_SINGLE_USE_CARDS  3000 [400]  single-use cards (one charge each, so one request each)
//   BENCH_HISTORY           0,10000,100000 [0,10000]   prior transactions on the history card
//   BENCH_HISTORY_CONNECTIONS 8      connections on each history card (all sizes load their cards at
//                                    once, from a sandbox whose pool has a connection for each)
//   BENCH_HISTORY_ROUNDS    3 [1]    side-by-side runs of the history cards; the median ratio is shown
//   BENCH_PATH_ROUNDS       3 [1]    rounds of the paths, each followed by its ceilings; the round
//                                    with the median ratio is shown, with the lowest and highest
//   BENCH_AUTHORIZERS       3 [3]    the scale section runs 1..N authorizers
//   BENCH_PGBENCH_CLIENTS   32       pgbench -c
//   BENCH_LOG_LEVEL         warn     the app's LOG_LEVEL
//   BENCH_NODE_ARGS                  extra node flags for the app, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
//
// The table goes to stdout and the whole result to bench-results/<date>.json; progress to stderr.
// Absolute numbers move with whatever else runs on the machine: read the ratios, measured in one run.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeExit, freePort, startApp } from './bench/app.mjs';
import { backendPids, cpuUsed, msPer, rssMb, sampleCpu, watchRss } from './bench/cpu.mjs';
import { apiKeyHash, checkPgbench, numberCards, recreateDatabase, runPgbench } from './bench/database.mjs';
import { gatewayConfig, nginxAvailable, startGateway } from './bench/gateway.mjs';
import { limitedCardWithHistory } from './bench/history.mjs';
import {
  authorizeRequests,
  createAccount,
  createCards,
  progress,
  runAutocannon,
  summarize,
} from './bench/load.mjs';
import { pgbenchScript } from './bench/pgbench-scripts.mjs';
import { SCENARIOS } from './bench/scenarios.mjs';

const RESULTS_DIR = 'bench-results';
/** Fixed credentials: the database is recreated per run, so nothing here protects anything. */
const SANDBOX_SECRET = '5eed'.repeat(16);
const API_KEY = 'bench-api-key-0001';
const MAX_FAILED_RATIO = 0.01;
const START_TIMEOUT_MS = 30_000;
const SECTIONS = ['paths', 'history', 'embedded', 'scale'];

/** Every process this run started, stopped on the way out whatever happens. */
const running = new Set();
let config;

for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void abort(`interrupted (${signal})`));
try {
  config = readConfig(process.env, parseArgs(process.argv.slice(2)));
  await main();
} catch (error) {
  await abort(error.message);
}

async function main() {
  const started = Date.now();
  const results = {
    date: new Date().toISOString(),
    environment: { node: process.version, cpus: cpus().length, pgbench: null, postgres: null },
    config: { ...config, compare: undefined },
    paths: null,
    baseline: null,
    history: null,
    embedded: null,
    scale: null,
  };
  if (wants('paths') || wants('history') || wants('scale')) {
    results.environment.pgbench = checkPgbench();
    results.environment.postgres = (await recreateDatabase(config.databaseUrl)).serverVersion;
  }
  if (wants('paths')) {
    // The machine's speed drifts by more than the differences measured: each round runs every path
    // and then, right after, its ceilings, and the median round of each path is shown.
    const rounds = [];
    for (let round = 1; round <= config.pathRounds; round++) {
      if (config.pathRounds > 1) progress(`paths: round ${round} of ${config.pathRounds}`);
      if (round > 1) await recreateDatabase(config.databaseUrl);
      const app = await start('sandbox on PostgreSQL', { DATABASE_URL: config.databaseUrl });
      let baseline = null;
      if (config.baseline) {
        const databaseUrl = `${config.databaseUrl}_baseline`;
        await recreateDatabase(databaseUrl);
        baseline = await start(
          `baseline ${config.baseline}`,
          { DATABASE_URL: databaseUrl },
          undefined,
          config.baseline,
        );
        baseline.databaseUrl = databaseUrl;
      }
      const [paths, before] = await runPaths(app, baseline);
      if (baseline) await stop(baseline);
      await stop(app);
      // Only now: pgbench and the app share the one PostgreSQL and the machine's cores.
      await runCeilings(paths, before, { extended: round === 1 });
      rounds.push({ paths, baseline: before });
    }
    [results.paths, results.baseline] = medianRound(rounds);
    if (rounds.length > 1) results.pathRounds = rounds;
  }
  if (wants('history')) results.history = await runHistory();
  if (wants('embedded')) results.embedded = await runEmbedded(results.paths?.plain);
  if (wants('scale')) results.scale = await runScale();
  results.seconds = Math.round((Date.now() - started) / 1000);
  results.rows = tableRows(results);

  await mkdir(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${results.date.replace(/:/g, '-').replace(/\..*/, '')}.json`);
  await writeFile(file, JSON.stringify(results, null, 2) + '\n');
  const previous = config.compare ? JSON.parse(await readFile(config.compare, 'utf8')) : null;
  printTable(results, previous, file);
}

// ---------------------------------------------------------------------------------------------
// Sections

/**
 * Each scenario on its own account and cards; the app's RSS idle, then at its peak under each load.
 * With a baseline checkout, each scenario runs on it right after this one (on its own database),
 * so a neighbour's load falls on both alike.
 */
async function runPaths(app, baseline) {
  // The pids name the CPU profiles (BENCH_NODE_ARGS="--cpu-prof …") of each.
  const out = { idleRssMb: rssMb(app.pid), pid: app.pid };
  const before = baseline
    ? { idleRssMb: rssMb(baseline.pid), pid: baseline.pid, tree: config.baseline }
    : null;
  for (const scenario of SCENARIOS) {
    out[scenario.id] = await runScenario(app, scenario, config.databaseUrl);
    if (baseline) before[scenario.id] = await runScenario(baseline, scenario, baseline.databaseUrl);
  }
  return [out, before];
}

async function runScenario(app, scenario, databaseUrl) {
  const account = await createAccount(app.url, API_KEY);
  await scenario.setup?.({ url: app.url, apiKey: account.apiKey, accountToken: account.token });
  const count = scenario.oncePerCard ? config.singleUseCards : config.cards;
  const seeded = await createCards({
    url: app.url,
    apiKey: account.apiKey,
    count,
    inFlight: 20,
    body: scenario.card,
  });
  const pans = seeded.cards.map((c) => c.pan);
  const requests = () => authorizeRequests(pans, { oncePerCard: scenario.oncePerCard });
  const load = { url: app.url, apiKey: account.apiKey, connections: config.connections };
  // A once-per-card scenario has no charge to spare: the runs before it warmed the app.
  if (!scenario.oncePerCard) await warmUp(app, load, requests());
  const rss = watchRss(app.pid);
  const { result, cpu } = await measureCpu(app.pid, databaseUrl, () =>
    runAutocannon({
      ...load,
      stopSignal: app.diedSignal,
      label: scenario.label,
      ...(scenario.oncePerCard ? { amount: pans.length } : { seconds: config.seconds }),
      requests: requests(),
    }),
  );
  const summary = checked(app, scenario.label, summarize(result));
  return {
    ...summary,
    peakRssMb: rss.stop(),
    cpuMsPerRequest: {
      app: msPer(cpu.appSeconds, summary.total),
      database: msPer(cpu.databaseSeconds, summary.total),
    },
    cardTokens: seeded.cards.map((c) => c.token),
    accountToken: account.token,
    cardsPerSecondSeeding: round(seeded.perSecond),
  };
}

/**
 * Of each path, the round whose ratio (to its ceiling, or to its reference path in the same round)
 * is the median, with the lowest and highest ratio of all rounds; the baseline's run of that round.
 */
function medianRound(rounds) {
  if (rounds.length === 1) return [rounds[0].paths, rounds[0].baseline];
  const paths = { idleRssMb: Math.max(...rounds.map((r) => r.paths.idleRssMb)), pid: rounds[0].paths.pid };
  const baseline = rounds[0].baseline ? { ...rounds[0].baseline } : null;
  for (const scenario of SCENARIOS) {
    const ratioOf = ({ paths: ofRound }) => {
      const run = ofRound[scenario.id];
      if (!run) return null;
      if (run.ratioToCeiling !== undefined) return run.ratioToCeiling;
      const reference = scenario.ratioTo ? ofRound[scenario.ratioTo] : null;
      return reference
        ? round(run.requestsPerSecond / reference.requestsPerSecond, 3)
        : run.requestsPerSecond;
    };
    const measured = rounds.filter((r) => r.paths[scenario.id]).sort((a, b) => ratioOf(a) - ratioOf(b));
    if (measured.length === 0) continue;
    const middle = measured[Math.floor(measured.length / 2)];
    paths[scenario.id] = {
      ...middle.paths[scenario.id],
      round: rounds.indexOf(middle) + 1,
      ratioRange: [ratioOf(measured[0]), ratioOf(measured.at(-1))],
      ...(scenario.ratioTo && middle.paths[scenario.ratioTo] ? { ratioToReference: ratioOf(middle) } : {}),
    };
    if (baseline && middle.baseline?.[scenario.id]) baseline[scenario.id] = middle.baseline[scenario.id];
  }
  return [paths, baseline];
}

/** The pgbench ceiling of each scenario that has one, prepared (as the app), and extended too in full runs. */
async function runCeilings(paths, baseline, { extended }) {
  for (const scenario of SCENARIOS) {
    const measured = paths[scenario.id];
    if (!scenario.pgbench || !measured) continue;
    await numberCards(config.databaseUrl, measured.cardTokens);
    const keyHash = await apiKeyHash(config.databaseUrl, measured.accountToken);
    const { file, defines } = await pgbenchScript(scenario.pgbench, keyHash);
    measured.pgbench = {};
    for (const mode of config.short || !extended ? ['prepared'] : ['prepared', 'extended']) {
      progress(
        `pgbench ${scenario.pgbench} -M ${mode}, ${config.pgbenchClients} clients, ${config.seconds} s`,
      );
      measured.pgbench[mode] = await runPgbench({
        databaseUrl: config.databaseUrl,
        script: file,
        defines,
        mode,
        clients: config.pgbenchClients,
        threads: 2,
        seconds: config.seconds,
        warmup: config.warmupSeconds,
        cards: measured.cardTokens.length,
      });
    }
    await rm(join(file, '..'), { recursive: true, force: true });
    measured.ratioToCeiling = round(measured.requestsPerSecond / measured.pgbench.prepared.tps, 3);
    // Little's law: `connections` requests always in flight at R req/s wait connections / R on
    // average, so no server slower than the ceiling answers them faster than this on this machine.
    measured.latencyFloorMs = round((1000 * config.connections) / measured.pgbench.prepared.tps, 1);
    measured.cpuRatioToCeiling = cpuRatio(
      measured.cpuMsPerRequest,
      measured.pgbench.prepared.cpuMsPerTransaction,
    );
    delete measured.cardTokens;
  }
  for (const measured of Object.values(paths)) if (measured?.cardTokens) delete measured.cardTokens;
  // The baseline ran the same SQL (or the ceiling would not be its ceiling): the same pgbench runs.
  for (const scenario of SCENARIOS) {
    const old = baseline?.[scenario.id];
    if (!old) continue;
    delete old.cardTokens;
    const ceiling = paths[scenario.id]?.pgbench;
    if (!ceiling) continue;
    old.ratioToCeiling = round(old.requestsPerSecond / ceiling.prepared.tps, 3);
    old.cpuRatioToCeiling = cpuRatio(old.cpuMsPerRequest, ceiling.prepared.cpuMsPerTransaction);
  }
}

/**
 * CPU per pgbench transaction (its backend and pgbench itself) over CPU per request (the app and
 * its backends): the throughput ratio on a machine of their own. Unlike req/s it barely moves when
 * neighbours load the machine between the app's run and pgbench's. Null for runs under 5 s.
 */
function cpuRatio(app, ceiling) {
  const sum = (a, b) => (a === null || b === null ? null : a + b);
  const appMs = sum(app.app, app.database);
  const ceilingMs = sum(ceiling.database, ceiling.pgbench);
  return appMs && ceilingMs ? round(ceilingMs / appMs, 3) : null;
}

/**
 * One MONTHLY-limited card under a velocity rule per history size, each in an account of its own,
 * all loaded at once, side by side: BENCH_HISTORY_CONNECTIONS connections on each card for the
 * same BENCH_SECONDS, after a warm-up of them all. A size's ratio is its req/s over the empty
 * card's in the same run; the table shows the median of BENCH_HISTORY_ROUNDS such runs (and each
 * size's median req/s).
 *
 * Every charge on one card waits for that card's row lock, so a card's rate is one over the time
 * each charge holds it, and that follows whatever else the machine does meanwhile. Run one after
 * the other, the same empty card measured 164 to 258 req/s from one 8 s run to the next on a
 * 2-core VM, far more than the history costs (a few tenths of a millisecond a charge), and three
 * rounds of turns put the 100k card anywhere from 0.78x to 0.99x. Loaded at the same time, the
 * cards share the machine's state, and the ratio keeps what differs: their own statements.
 *
 * So that the cards wait only for their own locks: a sandbox of its own whose pool has a
 * connection for every load connection (the shared pool of BENCH_POOL_SIZE would make the cards
 * queue for each other's connections), and an account per card (cards of one account share its
 * spend counters' rows when their tokens fall in the same stripe, COUNTER_STRIPES). The empty
 * card is a new one each round (a run leaves a few thousand charges on it); the seeded cards
 * are seeded once.
 */
async function runHistory() {
  const pool = config.history.length * config.historyConnections;
  const app = await start('sandbox for the history sweep', {
    DATABASE_URL: config.databaseUrl,
    DB_POOL_SIZE: String(pool),
  });
  try {
    const accounts = [];
    for (const _ of config.history) accounts.push(await createAccount(app.url, API_KEY));
    const cardOf = (size, account) => {
      progress(`history: a card with ${size} prior transactions`);
      return limitedCardWithHistory({
        url: app.url,
        apiKey: account.apiKey,
        databaseUrl: config.databaseUrl,
        size,
      });
    };
    const seeded = new Map();
    for (const [i, size] of config.history.entries())
      if (size > 0) seeded.set(size, await cardOf(size, accounts[i]));
    const cardsOfRound = async () => {
      const cards = [];
      for (const [i, size] of config.history.entries())
        cards.push(seeded.get(size) ?? (await cardOf(size, accounts[i])));
      return cards;
    };
    const sideBySide = async (cards, label, seconds) =>
      Promise.all(
        cards.map((card, i) =>
          runAutocannon({
            url: app.url,
            apiKey: accounts[i].apiKey,
            connections: config.historyConnections,
            label: `${label}, ${config.history[i]} prior`,
            seconds,
            requests: authorizeRequests([card.pan]),
            stopSignal: app.diedSignal,
          }),
        ),
      );
    if (config.warmupSeconds > 0)
      await sideBySide(await cardsOfRound(), 'history warm-up', config.warmupSeconds);
    const rounds = [];
    for (let turn = 1; turn <= config.historyRounds; turn++) {
      const label = `history, round ${turn} of ${config.historyRounds}`;
      const results = await sideBySide(await cardsOfRound(), label, config.seconds);
      const summaries = results.map((result) => checked(app, label, summarize(result)));
      const empty = summaries[config.history.indexOf(0)].requestsPerSecond;
      rounds.push(
        summaries.map((summary) => ({
          ...summary,
          ratioToEmpty: round(summary.requestsPerSecond / empty, 3),
        })),
      );
    }
    const median = (values) => [...values].sort((x, y) => x - y)[(values.length - 1) >> 1];
    const runs = config.history.map((size, i) => {
      const each = rounds.map((r) => r[i]);
      const middle = each.find((r) => r.requestsPerSecond === median(each.map((e) => e.requestsPerSecond)));
      return {
        history: size,
        requestsPerSecond: middle.requestsPerSecond,
        latencyMs: middle.latencyMs,
        rounds: each.map((r) => r.requestsPerSecond),
        ratios: each.map((r) => r.ratioToEmpty),
        ratioToEmpty: median(each.map((r) => r.ratioToEmpty)),
      };
    });
    return { connections: config.historyConnections, pool, rounds: config.historyRounds, runs };
  } finally {
    await stop(app);
  }
}

/** The plain path on the embedded database (the one `npm start` uses), in a fresh data directory. */
async function runEmbedded(postgresPlain) {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-embedded-'));
  try {
    const app = await start('sandbox on the embedded database', { SANDBOX_DATA_DIR: dataDir });
    await sleep(1_000);
    const idleRssMb = rssMb(app.pid);
    const seeded = await createCards({ url: app.url, apiKey: API_KEY, count: config.cards, inFlight: 20 });
    const pans = seeded.cards.map((c) => c.pan);
    const load = { url: app.url, apiKey: API_KEY, connections: config.connections };
    const rss = watchRss(app.pid);
    const summary = await measured(app, load, 'embedded: plain VIRTUAL card', () => authorizeRequests(pans));
    await stop(app);
    return {
      ...summary,
      idleRssMb,
      peakRssMb: rss.stop(),
      ratioToPostgres: postgresPlain
        ? round(summary.requestsPerSecond / postgresPlain.requestsPerSecond, 3)
        : null,
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * One issuer and 1..N authorizers on one (fresh) PostgreSQL behind deploy/nginx.conf: the plain
 * path through the gateway, req/s per number of authorizers and what each added one brought.
 */
async function runScale() {
  if (!nginxAvailable()) {
    progress('scale: skipped, nginx is not installed (apt-get install -y nginx)');
    return { skipped: 'nginx is not installed' };
  }
  await recreateDatabase(config.databaseUrl);
  const env = { DATABASE_URL: config.databaseUrl };
  // The issuer first: it migrates the fresh database; then the authorizers together.
  const issuer = await start('issuer', env, 'dist/apps/issuer/src/main.js');
  const authorizers = await Promise.all(
    Array.from({ length: config.authorizers }, (_, i) =>
      start(`authorizer ${i + 1}`, env, 'dist/apps/authorizer/src/main.js'),
    ),
  );
  const seeded = await createCards({ url: issuer.url, apiKey: API_KEY, count: config.cards, inFlight: 20 });
  const pans = seeded.cards.map((c) => c.pan);
  const runs = [];
  for (let n = 1; n <= authorizers.length; n++) {
    const port = await freePort();
    const gateway = await startGateway(
      await gatewayConfig({
        port,
        issuerPort: new URL(issuer.url).port,
        authorizerPorts: authorizers.slice(0, n).map((a) => new URL(a.url).port),
      }),
      port,
    );
    try {
      const load = { url: gateway.url, apiKey: API_KEY, connections: config.connections };
      const label = `gateway, ${n} authorizer${n > 1 ? 's' : ''}`;
      const summary = await measured(issuer, load, label, () => authorizeRequests(pans));
      for (const a of authorizers)
        if (a.exit) throw new Error(`an authorizer died (${describeExit(a.exit)})`);
      runs.push({
        authorizers: n,
        requestsPerSecond: summary.requestsPerSecond,
        latencyMs: summary.latencyMs,
      });
    } finally {
      await gateway.stop();
    }
  }
  for (const app of [...authorizers, issuer]) await stop(app);
  const one = runs[0].requestsPerSecond;
  for (const [i, run] of runs.entries()) {
    run.ratioToOne = round(run.requestsPerSecond / one, 3);
    run.addedByLast = i === 0 ? null : round(run.requestsPerSecond - runs[i - 1].requestsPerSecond);
  }
  return { runs };
}

// ---------------------------------------------------------------------------------------------
// Processes and runs

async function start(label, env, entry, cwd) {
  progress(
    `starting the ${label} (pool ${env.DB_POOL_SIZE ?? config.poolSize}, LOG_LEVEL=${config.logLevel})`,
  );
  const app = await startApp({
    port: await freePort(),
    timeoutMs: START_TIMEOUT_MS,
    nodeArgs: config.nodeArgs,
    entry,
    cwd,
    env: {
      SANDBOX_SECRET,
      SANDBOX_API_KEY: API_KEY,
      LOG_LEVEL: config.logLevel,
      DB_POOL_SIZE: String(config.poolSize),
      ...env,
    },
  });
  app.label = label;
  running.add(app);
  return app;
}

async function stop(app) {
  running.delete(app);
  await app.stop();
}

async function warmUp(app, load, requests) {
  if (config.warmupSeconds === 0) return;
  await runAutocannon({
    ...load,
    label: 'warm-up',
    seconds: config.warmupSeconds,
    requests,
    stopSignal: app.diedSignal,
  });
}

/**
 * A warm-up, then one run of BENCH_SECONDS; its summary, once `app` is known alive and the run
 * sound. `requests()` gives each run its own request generator.
 */
async function measured(app, load, label, requests) {
  await warmUp(app, load, requests());
  const result = await runAutocannon({
    ...load,
    label,
    seconds: config.seconds,
    requests: requests(),
    stopSignal: app.diedSignal,
  });
  return checked(app, label, summarize(result));
}

/** Runs `work`, and measures the CPU the app, its pool's backends and this process spent meanwhile. */
async function measureCpu(appPid, databaseUrl, work) {
  const backends = await backendPids(databaseUrl, 'card-sandbox');
  const before = { app: sampleCpu([appPid]), database: sampleCpu(backends) };
  const result = await work();
  return {
    result,
    cpu: {
      appSeconds: cpuUsed(before.app, sampleCpu([appPid])),
      databaseSeconds: cpuUsed(before.database, sampleCpu(backends)),
    },
  };
}

/** The summary, once the app is known alive and (nearly) every request answered 2xx. */
function checked(app, label, summary) {
  if (app.exit) throw new Error(`The ${app.label} died during ${label} (${describeExit(app.exit)})`);
  if (summary.failedRatio > MAX_FAILED_RATIO) {
    throw new Error(
      `${label}: ${summary.failed} of ${summary.total} requests failed ` +
        `(status codes ${JSON.stringify(summary.statusCodes)}, socket errors ${summary.socketErrors}, ` +
        `timeouts ${summary.timeouts}); more than ${MAX_FAILED_RATIO * 100}% is a broken run, not a slow one`,
    );
  }
  return summary;
}

// ---------------------------------------------------------------------------------------------
// The table

/** One row per measured run: req/s, latency, the ceiling and the ratio that matters for it. */
function tableRows({ paths, baseline, history, embedded, scale }) {
  const rows = [];
  const row = (key, label, run, extra = {}) =>
    rows.push({
      key,
      label,
      requestsPerSecond: run?.requestsPerSecond ?? null,
      p50Ms: run?.latencyMs?.p50 ?? null,
      p99Ms: run?.latencyMs?.p99 ?? null,
      ceilingTps: null,
      ceilingP99Ms: null,
      floorMs: null,
      ratio: null,
      cpuRatio: null,
      ratioOf: '',
      rssMb: null,
      ...extra,
    });
  if (paths) {
    row('rss.idle', 'sandbox on PostgreSQL, idle', null, { rssMb: `${paths.idleRssMb}` });
    for (const scenario of SCENARIOS) {
      const run = paths[scenario.id];
      if (!run) continue;
      const of = scenario.ratioTo ? paths[scenario.ratioTo] : null;
      row(`paths.${scenario.id}`, scenario.label, run, {
        ceilingTps: run.pgbench ? round(run.pgbench.prepared.tps) : null,
        ceilingP99Ms: run.pgbench?.prepared.latencyMs?.p99 ?? null,
        floorMs: run.latencyFloorMs ?? null,
        ratio:
          run.ratioToCeiling ??
          run.ratioToReference ??
          (of ? round(run.requestsPerSecond / of.requestsPerSecond, 3) : null),
        cpuRatio: run.cpuRatioToCeiling ?? null,
        ratioOf:
          (run.pgbench ? 'of pgbench' : of ? `of ${scenario.ratioTo}` : '') +
          (run.ratioRange ? ` (${run.ratioRange.map((r) => r.toFixed(2)).join('-')})` : ''),
        rssMb: `${run.peakRssMb}`,
      });
    }
  }
  if (baseline) {
    row('baseline.rss.idle', 'baseline, idle', null, { rssMb: `${baseline.idleRssMb}` });
    for (const scenario of SCENARIOS) {
      const run = baseline[scenario.id];
      if (!run) continue;
      const now = paths[scenario.id];
      row(`baseline.${scenario.id}`, `baseline: ${scenario.label}`, run, {
        ceilingTps: now?.pgbench ? round(now.pgbench.prepared.tps) : null,
        ratio: run.ratioToCeiling ?? null,
        ratioOf: now?.pgbench
          ? `of pgbench (this tree ${(now.requestsPerSecond / run.requestsPerSecond).toFixed(2)}×)`
          : '',
        cpuRatio: run.cpuRatioToCeiling ?? null,
        rssMb: `${run.peakRssMb}`,
      });
    }
  }
  for (const run of history?.runs ?? [])
    row(`history.${run.history}`, `history: ${run.history} prior (side by side, median)`, run, {
      ratio: run.ratioToEmpty,
      ratioOf: 'of empty card',
    });
  if (embedded)
    row('embedded.plain', 'embedded (PGlite): plain card', embedded, {
      ratio: embedded.ratioToPostgres,
      ratioOf: embedded.ratioToPostgres === null ? '' : 'of PostgreSQL',
      rssMb: `${embedded.idleRssMb} idle, ${embedded.peakRssMb}`,
    });
  for (const run of scale?.runs ?? [])
    row(`scale.${run.authorizers}`, `gateway: ${run.authorizers} authorizer(s), plain`, run, {
      ratio: run.ratioToOne,
      ratioOf:
        run.addedByLast === null
          ? 'of 1 process'
          : `of 1 process (${run.addedByLast < 0 ? '' : '+'}${run.addedByLast} req/s)`,
    });
  return rows;
}

function printTable(results, previous, file) {
  const before = new Map((previous?.rows ?? []).map((r) => [r.key, r]));
  const header = [
    'POST /v1/simulate/authorize',
    'req/s',
    'p50 ms',
    'p99 ms',
    'pgbench tps',
    'pgbench p99',
    'floor ms',
    'ratio',
    '',
    'CPU ratio',
    'RSS MB',
  ];
  if (previous) header.push('req/s vs previous', 'ratio vs previous');
  const lines = results.rows.map((r) => {
    const cells = [
      r.label,
      r.requestsPerSecond ?? '',
      r.p50Ms ?? '',
      r.p99Ms ?? '',
      r.ceilingTps ?? '',
      r.ceilingP99Ms ?? '',
      r.floorMs ?? '',
      r.ratio === null ? '' : r.ratio.toFixed(2),
      r.ratioOf,
      r.cpuRatio === null ? '' : r.cpuRatio.toFixed(2),
      r.rssMb ?? '',
    ];
    if (previous) {
      const old = before.get(r.key);
      const vs = (now, then) => (now && then ? `${(now / then).toFixed(2)}×` : '');
      cells.push(vs(r.requestsPerSecond, old?.requestsPerSecond), vs(r.ratio, old?.ratio));
    }
    return cells.map(String);
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells) =>
    cells.map((c, i) => (i === 0 || i === 8 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const cfg = results.config;
  console.log(
    [
      '',
      format(header),
      format(widths.map((w) => '-'.repeat(w))),
      ...lines.map(format),
      '',
      `${cfg.connections} connections, ${cfg.seconds} s runs, pool ${cfg.poolSize}, pgbench -M prepared ` +
        `-c ${cfg.pgbenchClients}${cfg.short ? ' (short mode)' : ''}; ${results.environment.cpus} CPUs, ` +
        `node ${results.environment.node}, PostgreSQL ${results.environment.postgres ?? 'n/a'}; ` +
        `${results.seconds} s in all`,
      `ratio: req/s over the ceiling (or the reference) measured in the same round${
        cfg.pathRounds > 1 ? `; of ${cfg.pathRounds} rounds, the median round's, (lowest-highest)` : ''
      }; CPU ratio: pgbench CPU per ` +
        "transaction over the app's CPU per request, app and database (runs of 5 s and more); pgbench p99: " +
        `its transactions' latency after the warm-up, at ${cfg.pgbenchClients} clients; floor: the mean ` +
        `latency of ${cfg.connections} connections at the ceiling's rate (${cfg.connections} / its tps, ` +
        "Little's law), which no app slower than its ceiling beats",
      `written to ${file}${previous ? `; compared with ${config.compare} (${previous.date})` : ''}`,
    ].join('\n'),
  );
}

// ---------------------------------------------------------------------------------------------
// Configuration

function parseArgs(argv) {
  const args = { short: false, compare: null, only: null, baseline: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!v) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--short') args.short = true;
    else if (arg.startsWith('--compare')) args.compare = value();
    else if (arg.startsWith('--only')) args.only = value().split(',');
    else if (arg.startsWith('--baseline')) args.baseline = value();
    else
      throw new Error(
        `Unknown argument ${arg} (--short, --compare FILE, --only ${SECTIONS.join(',')}, --baseline DIR)`,
      );
  }
  for (const section of args.only ?? [])
    if (!SECTIONS.includes(section)) throw new Error(`--only: ${section} is none of ${SECTIONS.join(', ')}`);
  return args;
}

function readConfig(env, args) {
  const short = args.short || env.BENCH_SHORT === '1';
  const int = (name, full, fast, min) => {
    const fallback = short ? fast : full;
    const value = env[name] === undefined || env[name] === '' ? fallback : Number(env[name]);
    if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}`);
    return value;
  };
  const history = (env.BENCH_HISTORY || (short ? '0,10000' : '0,10000,100000')).split(',').map(Number);
  if (history.some((n) => !Number.isInteger(n) || n < 0))
    throw new Error('BENCH_HISTORY must be a comma-separated list of non-negative integers');
  if (!history.includes(0)) throw new Error('BENCH_HISTORY must include 0: the ratios are to the empty card');
  const logLevels = ['debug', 'info', 'warn', 'error'];
  const logLevel = env.BENCH_LOG_LEVEL || 'warn';
  // Checked here: the app, given an unknown level, exits 1 without a word (its logger is what fails).
  if (!logLevels.includes(logLevel))
    throw new Error(`BENCH_LOG_LEVEL must be one of ${logLevels.join(', ')}`);
  const poolSize = int('BENCH_POOL_SIZE', 10, 10, 1);
  const historyConnections = int('BENCH_HISTORY_CONNECTIONS', 8, 8, 1);
  return {
    short,
    sections: args.only ?? SECTIONS,
    compare: args.compare,
    baseline: args.baseline ? resolve(args.baseline) : null,
    databaseUrl: env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/card_sandbox_bench',
    seconds: int('BENCH_SECONDS', 10, 2, 1),
    warmupSeconds: int('BENCH_WARMUP_SECONDS', 2, 1, 0),
    connections: int('BENCH_CONNECTIONS', 32, 32, 1),
    poolSize,
    cards: int('BENCH_CARDS', 1000, 100, 1),
    singleUseCards: int('BENCH_SINGLE_USE_CARDS', 3000, 400, 1),
    history,
    historyConnections,
    historyRounds: int('BENCH_HISTORY_ROUNDS', 3, 1, 1),
    pathRounds: int('BENCH_PATH_ROUNDS', 3, 1, 1),
    authorizers: int('BENCH_AUTHORIZERS', 3, 3, 1),
    pgbenchClients: int('BENCH_PGBENCH_CLIENTS', 32, 32, 1),
    logLevel,
    nodeArgs: (env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
  };
}

function wants(section) {
  return config.sections.includes(section);
}

/**
 * Stops every process this run started and exits non-zero, saying why, with the tail of each
 * app's output: its error log (on stdout) or a crash on stderr usually explains failed requests.
 */
async function abort(message) {
  for (const app of running) {
    await app.stop();
    message += `\n[${app.label}]\n${app.output()}`;
  }
  running.clear();
  process.stderr.write(`\nbench failed: ${message}\n`);
  process.exit(1);
}

function round(n, digits = 2) {
  return Math.round(n * 10 ** digits) / 10 ** digits;
}
