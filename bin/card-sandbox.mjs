#!/usr/bin/env node
// card-sandbox: the command a test suite or a developer runs. `card-sandbox start` runs what
// `npm start` runs; every flag is a shorthand for a setting of the README's configuration table.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

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
for (const [name, flag] of Object.entries(FLAGS)) {
  if (!flag.setting || values[name] === undefined) continue;
  process.env[flag.setting] = flag.type === 'boolean' ? 'memory' : values[name];
}
await import('../dist/apps/sandbox/src/main.js');
