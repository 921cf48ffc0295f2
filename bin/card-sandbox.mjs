#!/usr/bin/env node
// card-sandbox: the command a test suite or a developer runs, and what `npm start` runs; every flag
// is a shorthand for a setting of the README's configuration table.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * On Linux, `start` runs the sandbox in a child process sized for one that mostly sits idle between
 * a test's requests. Measured with `npm run bench:start`, it took an idle embedded sandbox from
 * about 200 MB to 170:
 * - glibc's malloc keeps what a thread frees for that thread to reuse. V8's compilers allocate in
 *   zones of blocks up to 32 KB, and compiling at start peaks at about 50 MB of them; kept, that was
 *   the largest part of an idle sandbox. Blocks from 32 KB up are mapped and unmapped on their own
 *   instead, which returns them to the system; two arenas, not one per thread, hold the rest.
 * - V8 grows the young generation to 16 MB a half while Nest starts, and keeps it; here 1 MB.
 * glibc reads its settings only when a process starts, and `#!/usr/bin/env -S` in the first line
 * fails on BusyBox (Alpine) and elsewhere: hence the child. This process stays to pass signals on
 * and its exit status back (about 6 MB of its own; Node's code pages are shared with the child).
 * The cost: about 0.15 s more at start, and about 5% fewer authorizations a second under load.
 */
const IDLE_SETTINGS = {
  env: { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '32768', MALLOC_TRIM_THRESHOLD_: '131072' },
  nodeArgs: ['--max-semi-space-size=1'],
};
/** Set in the child: it runs the sandbox itself. */
const CHILD = 'CARD_SANDBOX_CHILD';

const FLAGS = {
  port: { type: 'string', setting: 'PORT', help: 'HTTP port (0 picks a free one)' },
  host: { type: 'string', setting: 'HOST', help: 'interface to bind' },
  'data-dir': { type: 'string', setting: 'SANDBOX_DATA_DIR', help: 'where the embedded database lives' },
  'in-memory': { type: 'boolean', setting: 'SANDBOX_DATA_DIR', help: 'keep nothing: discarded on exit' },
  seed: { type: 'string', setting: 'SANDBOX_SEED', help: 'reproducible PANs, CVVs and expiries' },
  'log-level': { type: 'string', setting: 'LOG_LEVEL', help: 'debug, info, warn or error' },
  help: { type: 'boolean', short: 'h', help: 'this text' },
};

const readme = () => readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The settings as the README's configuration table documents them (a test keeps it complete). */
function settings() {
  const start = readme().indexOf('\n## Configuration\n');
  const section = readme().slice(start, readme().indexOf('\n## ', start + 1));
  return [...section.matchAll(/^\| `([A-Z][A-Z0-9_]+)`\s*\|\s*(.*?)\s*\|\s*(.*?)\s*\|$/gm)].map(
    ([, name, defaultValue, meaning]) => ({ name, defaultValue: defaultValue.replace(/`/g, ''), meaning }),
  );
}

function usage() {
  const flags = Object.entries(FLAGS).map(
    ([name, flag]) => `  --${name}${flag.type === 'string' ? ' <value>' : ''}`.padEnd(26) + flag.help,
  );
  const rows = settings().map(
    ({ name, defaultValue, meaning }) =>
      `  ${name.padEnd(22)} ${defaultValue.padEnd(20)} ${meaning.replace(/`/g, '')}`,
  );
  return [
    'Usage: card-sandbox start [flags]',
    '',
    'Runs the card sandbox (issuer, authorizer, dashboard) in one process.',
    '',
    'Flags:',
    ...flags,
    '',
    'Settings (environment variables; a .env file in the working directory is read too):',
    `  ${'NAME'.padEnd(22)} ${'DEFAULT'.padEnd(20)} MEANING`,
    ...rows,
    '',
  ].join('\n');
}

let parsed;
try {
  parsed = parseArgs({ options: FLAGS, allowPositionals: true, strict: true });
} catch (error) {
  process.stderr.write(`card-sandbox: ${error.message}\n\n${usage()}`);
  process.exit(2);
}
const { values, positionals } = parsed;
if (values.help || positionals.length === 0) {
  process.stdout.write(usage());
  process.exit(values.help ? 0 : 2);
}
if (positionals[0] !== 'start' || positionals.length > 1) {
  process.stderr.write(`card-sandbox: unknown command "${positionals.join(' ')}"\n\n${usage()}`);
  process.exit(2);
}
if (process.platform === 'linux' && process.env[CHILD] !== '1') {
  runChild();
} else {
  for (const [name, flag] of Object.entries(FLAGS)) {
    if (!flag.setting || values[name] === undefined) continue;
    process.env[flag.setting] = flag.type === 'boolean' ? 'memory' : values[name];
  }
  // The child stops with its parent, however that ends (kill -9 included): nothing is left holding
  // the port and the data directory.
  if (process.env[CHILD] === '1' && process.channel) {
    process.channel.unref();
    process.once('disconnect', () => process.exit(1));
  }
  await import('../dist/apps/sandbox/src/main.js');
}

function runChild() {
  const child = spawn(
    process.execPath,
    [...IDLE_SETTINGS.nodeArgs, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      env: { ...process.env, ...IDLE_SETTINGS.env, [CHILD]: '1' },
      // Its own process group: a terminal's Ctrl+C reaches it once, passed on from here.
      detached: true,
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    },
  );
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const pass = (signal) => child.kill(signal);
  for (const signal of signals) process.on(signal, pass);
  child.once('error', (error) => {
    process.stderr.write(`card-sandbox: could not start the sandbox: ${error.message}\n`);
    process.exit(1);
  });
  child.once('exit', (code, signal) => {
    for (const name of signals) process.off(name, pass);
    // Ended by a signal: end the same way, so whoever started this sees what the sandbox saw.
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
}
