// The PostgreSQL side of the benchmark: a fresh database per run, and pgbench for the ceiling.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { backendPids, cpuUsed, msPer, sampleCpu } from './cpu.mjs';

/**
 * Drops and recreates the benchmark database, so every run starts from the same empty schema (the
 * app migrates it at start-up). The name must say "bench": this drops whatever the URL points at.
 */
export async function recreateDatabase(databaseUrl) {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/bench/i.test(name)) {
    throw new Error(`Refusing to drop database "${name}": BENCH_DATABASE_URL must name a *bench* database`);
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Cannot reach PostgreSQL at ${redact(admin)}: ${error.message}`);
  }
  try {
    const quoted = client.escapeIdentifier(name);
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoted}`);
    const { rows } = await client.query('SHOW server_version');
    return { name, serverVersion: rows[0].server_version };
  } finally {
    await client.end();
  }
}

/**
 * Numbers the benchmark's cards 1..n in `bench_cards`, so the pgbench script can pick a random one
 * with `\set i random(1, n)`. Only the cards the authorize run used: the POST /v1/cards run made more.
 */
export async function numberCards(databaseUrl, cardTokens) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('DROP TABLE IF EXISTS bench_cards');
    await client.query(
      'CREATE TABLE bench_cards (i integer PRIMARY KEY, pan_hash varchar(64) NOT NULL, account_token uuid NOT NULL)',
    );
    const { rowCount } = await client.query(
      `INSERT INTO bench_cards (i, pan_hash, account_token)
       SELECT row_number() OVER (ORDER BY token), pan_hash, account_token FROM cards WHERE token = ANY($1::uuid[])`,
      [cardTokens],
    );
    if (rowCount !== cardTokens.length) {
      throw new Error(`Found ${rowCount} of the ${cardTokens.length} benchmark cards in the database`);
    }
    await client.query('ANALYZE bench_cards');
    return rowCount;
  } finally {
    await client.end();
  }
}

/** The stored hash of an account's API key, which the guard looks the key up by. */
export async function apiKeyHash(databaseUrl, accountToken) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT key_hash FROM api_keys WHERE account_token = $1 LIMIT 1', [
      accountToken,
    ]);
    if (!rows[0]) throw new Error(`No API key of account ${accountToken} in the database`);
    return rows[0].key_hash;
  } finally {
    await client.end();
  }
}

/** Fails early, and says which package to install, when pgbench is missing. */
export function checkPgbench() {
  const result = spawnSync('pgbench', ['--version'], { encoding: 'utf8' });
  if (result.error?.code === 'ENOENT' || result.status !== 0) {
    throw new Error(
      'pgbench is not installed (or /usr/bin/pgbench, the pg_wrapper of postgresql-client-common, finds\n' +
        'no binary behind it). On Debian 12 the binary ships in the server package, not the client one:\n' +
        '  apt-get install postgresql-15    # /usr/lib/postgresql/15/bin/pgbench\n' +
        (result.stderr ?? result.error?.message ?? ''),
    );
  }
  return result.stdout.trim();
}

/**
 * Runs the authorize script with pgbench and parses its report. Progress (-P 1) goes to stderr as
 * pgbench prints it; the report on stdout is kept for parsing.
 *
 * The app is measured after `warmup` seconds of load, so pgbench is too: it runs warmup + seconds,
 * and its tps is the mean of its per-second progress lines after the warm-up. Its connections are
 * new, so its backends start cold (catalog caches, plans); from the whole run's tps, the ceiling
 * came out a quarter low on a machine where that took 5 s.
 */
export async function runPgbench({
  databaseUrl,
  script,
  mode,
  clients,
  threads,
  seconds,
  warmup = 0,
  cards,
  defines = {},
}) {
  // -n: no VACUUM of pgbench's own tables (there are none); -P 1: a progress line per second;
  // -l: a line per transaction, for its latency percentiles.
  const logs = await mkdtemp(join(tmpdir(), 'bench-pgbench-log-'));
  const args = [
    ...['-n', '-P', '1', `-M${mode}`, `-c${clients}`, `-j${threads}`, `-T${warmup + seconds}`],
    ...['-l', `--log-prefix=${join(logs, 'tx')}`],
    ...Object.entries({ ...defines, ncards: cards }).map(([name, value]) => `-D${name}=${value}`),
    ...[`-f${script}`, databaseUrl],
  ];
  const child = spawn('pgbench', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr += chunk;
    for (const line of chunk.split('\n').filter(Boolean))
      process.stderr.write(`pgbench -M ${mode}: ${line}\n`);
  });
  const closed = new Promise((resolve, reject) => child.once('error', reject).once('close', resolve));
  const cpu = seconds >= 5 ? cpuDuringRun(databaseUrl, child.pid, warmup, seconds) : null;
  let report;
  try {
    const code = await closed;
    if (code !== 0) throw new Error(`pgbench -M ${mode} failed (exit ${code}):\n${stdout}\n${stderr}`);
    report = parsePgbench(stdout, mode);
    report.latencyMs = await loggedLatencies(logs, warmup);
  } finally {
    // Its transaction logs go whether it succeeded or not.
    await rm(logs, { recursive: true, force: true });
  }
  if (warmup > 0) {
    report.wholeRunTps = report.tps;
    report.tps = progressTps(stderr, warmup);
  }
  const window = await cpu?.catch(() => null);
  const transactions = window ? report.tps * window.seconds : 0;
  report.cpuMsPerTransaction = {
    database: msPer(window?.databaseSeconds ?? null, transactions),
    pgbench: msPer(window?.clientSeconds ?? null, transactions),
  };
  return report;
}

/**
 * CPU of pgbench and of its backends from the end of the warm-up, and at least 2 s in (all
 * connected), to 1 s before the end (none gone), so the SQL's cost per transaction can be set
 * beside the app's.
 */
async function cpuDuringRun(databaseUrl, pgbenchPid, warmup, seconds) {
  const skip = Math.max(2, warmup);
  await sleep(skip * 1000);
  const backends = await backendPids(databaseUrl, 'pgbench');
  const started = performance.now();
  const before = { db: sampleCpu(backends), client: sampleCpu([pgbenchPid]) };
  await sleep((warmup + seconds - skip - 1) * 1000);
  return {
    seconds: (performance.now() - started) / 1000,
    databaseSeconds: cpuUsed(before.db, sampleCpu(backends)),
    clientSeconds: cpuUsed(before.client, sampleCpu([pgbenchPid])),
  };
}

/**
 * The mean tps of the progress lines (`progress: 7.0 s, 1094.4 tps, …`) after `warmup` seconds:
 * every second weighs the same, as the app's req/s over its run.
 */
export function progressTps(progress, warmup) {
  const rates = [...progress.matchAll(/^progress: ([\d.]+) s, ([\d.]+) tps/gm)]
    .filter((m) => Number(m[1]) > warmup)
    .map((m) => Number(m[2]));
  if (rates.length === 0)
    throw new Error(`pgbench printed no progress after its ${warmup} s warm-up:\n${progress}`);
  return rates.reduce((a, b) => a + b, 0) / rates.length;
}

/**
 * p50 and p99 of the transactions pgbench logged (-l) that ended more than `warmup` seconds after
 * its first transaction began, in ms: the ceiling's latency beside the app's, at the same number of
 * clients. The warm-up is counted on pgbench's own clock, as its progress lines are: counted from
 * when the benchmark spawned it, a pgbench slow to start (its connections, on a loaded machine)
 * had all its transactions after the cut. A line is
 * `client_id transaction_no latency_us script_no end_s end_us` (PostgreSQL 15).
 */
export async function loggedLatencies(dir, warmup) {
  const logged = [];
  for (const file of await readdir(dir)) {
    for (const line of (await readFile(join(dir, file), 'utf8')).split('\n')) {
      const fields = line.split(' ');
      if (fields.length < 6) continue;
      const latency = Number(fields[2]) / 1e6;
      logged.push({ end: Number(fields[4]) + Number(fields[5]) / 1e6, latency });
    }
  }
  if (logged.length === 0) throw new Error(`pgbench logged no transaction in ${dir}`);
  // A loop, not Math.min(...): a long run logs more transactions than a call takes arguments.
  const started = logged.reduce((first, t) => Math.min(first, t.end - t.latency), Infinity);
  const latencies = logged.filter((t) => t.end > started + warmup).map((t) => t.latency * 1000);
  if (latencies.length === 0) throw new Error(`pgbench logged no transaction after its ${warmup} s warm-up`);
  latencies.sort((a, b) => a - b);
  const at = (q) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]);
  return { p50: at(0.5), p99: at(0.99), transactions: latencies.length };
}

/** The lines of pgbench's (PostgreSQL 15) report the summary uses. */
function parsePgbench(report, mode) {
  const number = (pattern) => {
    const match = pattern.exec(report);
    if (!match) throw new Error(`Cannot find ${pattern} in pgbench's report:\n${report}`);
    return Number(match[1]);
  };
  const failed = /number of failed transactions: (\d+)/.exec(report);
  return {
    mode,
    tps: number(/^tps = ([\d.]+)/m),
    latencyAverageMs: number(/^latency average = ([\d.]+) ms/m),
    transactions: number(/number of transactions actually processed: (\d+)/),
    failed: failed ? Number(failed[1]) : 0,
  };
}

function redact(url) {
  const copy = new URL(url);
  if (copy.password) copy.password = '***';
  return copy.toString();
}
