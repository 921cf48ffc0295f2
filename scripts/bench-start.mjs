// How fast the embedded sandbox starts and how much memory it holds idle: first start on a fresh
// data dir, restart on the same dir, and an in-memory start, each the time from spawning
// `bin/card-sandbox.mjs start` (what `npm start` and the package's command run; on Linux it runs the
// sandbox in a child process with settings for an idle process) to its first answer on /v1/status
// (and the CPU time its processes used by then, which other load on the machine moves far less than
// the wall time), plus idle memory: the sandbox process's RSS, and the PSS of all the command's
// processes together, which counts the pages they share once.
//
//   npm run bench:start                      # this checkout (builds first)
//   node scripts/bench-start.mjs DIR [DIR…]  # other checkouts too, measured side by side, runs interleaved
//
// Environment: BENCH_START_RUNS (default 3) runs of each kind per tree; the median is printed.
// Progress goes to stderr; the table to stdout, and bench-start-results.json keeps it.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const here = fileURLToPath(new URL('..', import.meta.url));
const trees = process.argv.length > 2 ? process.argv.slice(2).map((dir) => resolve(dir)) : [here];
const RUNS = Number(process.env.BENCH_START_RUNS ?? 3);
const IDLE_MS = 2000;

function freePort() {
  return new Promise((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** CPU time (user + system) the process has used so far: unlike wall time, barely moved by other load. */
async function cpuMs(pid) {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
  return Math.round(((Number(fields[11]) + Number(fields[12])) * 1000) / 100);
}

async function rssMb(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
}

/** `pid` and its descendants: on Linux the command runs the sandbox in a child process. */
async function processTree(pid) {
  const children = (await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => ''))
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  return [pid, ...(await Promise.all(children.map(processTree))).flat()];
}

/**
 * The memory processes hold together: the sum of their proportional set sizes, which count a page
 * shared by two processes (Node's own code, mapped by both) half in each, so once in all.
 */
async function pssMb(pids) {
  let kb = 0;
  for (const pid of pids) {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
    kb += Number(/^Pss:\s+(\d+)/m.exec(rollup)[1]);
  }
  return Math.round(kb / 1024);
}

/** Spawns the sandbox, waits for /v1/status, idles, reads RSS, stops it cleanly. */
async function start(tree, dataDir) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(join(tree, 'bin/card-sandbox.mjs'), ['start'], {
    cwd: tree,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      SANDBOX_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk) => (errors += chunk));
  const exited = new Promise((done) => child.on('exit', done));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the sandbox in ${tree} exited: ${errors}`);
    const ok = await fetch(`http://127.0.0.1:${port}/v1/status`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await sleep(20);
  }
  const ms = Math.round(performance.now() - started);
  let cpu = 0;
  for (const member of await processTree(child.pid)) cpu += await cpuMs(member);
  await sleep(IDLE_MS);
  const processes = await processTree(child.pid);
  // The sandbox is the last of them: the command itself, or the child it runs the sandbox in.
  const rss = await rssMb(processes.at(-1));
  const pss = await pssMb(processes);
  child.kill('SIGTERM');
  await exited;
  return { ms, cpu, rss, pss };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const results = Object.fromEntries(trees.map((tree) => [tree, { first: [], restart: [], memory: [] }]));
for (let run = 1; run <= RUNS; run++) {
  for (const tree of trees) {
    process.stderr.write(`run ${run}/${RUNS}: ${tree}\n`);
    const dir = await mkdtemp(join(tmpdir(), 'bench-start-'));
    try {
      results[tree].first.push(await start(tree, dir));
      results[tree].restart.push(await start(tree, dir));
      results[tree].memory.push(await start(tree, 'memory'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

const rows = trees.map((tree) => {
  const r = results[tree];
  const pick = (kind, field) => median(r[kind].map((x) => x[field]));
  return {
    tree,
    first_start_ms: pick('first', 'ms'),
    restart_ms: pick('restart', 'ms'),
    in_memory_start_ms: pick('memory', 'ms'),
    cpu_ms_first_restart_memory: ['first', 'restart', 'memory'].map((kind) => pick(kind, 'cpu')).join(' / '),
    idle_rss_mb_first_restart: ['first', 'restart'].map((kind) => pick(kind, 'rss')).join(' / '),
    idle_rss_mb_in_memory: pick('memory', 'rss'),
    idle_pss_mb_all_processes: ['first', 'restart', 'memory'].map((kind) => pick(kind, 'pss')).join(' / '),
  };
});
console.log(
  `Start-up, median of ${RUNS} runs (time to the first answer on /v1/status, and the CPU time used by then; memory after ${IDLE_MS} ms idle)`,
);
console.table(rows);
await writeFile('bench-start-results.json', JSON.stringify({ runs: RUNS, rows }, null, 2));
