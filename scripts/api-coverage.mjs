// `npm run api:coverage [-- --markdown]`: which operations of Lithic's OpenAPI spec the sandbox
// implements, by tag. "Implemented" is read from the app itself: it boots the built sandbox in memory
// and matches the routes it serves against the spec's paths by shape. The table goes to stdout, the
// progress to stderr, so `--markdown` output can be pasted (and is compared with README.md by a test).
import { existsSync } from 'node:fs';
import { coverageRows, fetchServedRoutes, loadSpec, renderCoverage } from './api-coverage/operations.mjs';

const markdown = process.argv.includes('--markdown');
const entry = new URL('../dist/apps/sandbox/src/index.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('dist/ is missing: run `npm run build` first (npm run api:coverage does).');
  process.exit(1);
}
const progress = (message) => process.stderr.write(`${message}\n`);

progress('api:coverage: reading spec/lithic-openapi.yml…');
const spec = loadSpec();
progress('api:coverage: booting the sandbox in memory (a few seconds)…');
const { startSandbox } = await import(entry.href);
const sandbox = await startSandbox({ inMemory: true, port: 0 });
let served;
try {
  progress('api:coverage: reading the routes it serves…');
  served = await fetchServedRoutes(sandbox.url);
} finally {
  await sandbox.stop();
}
progress('api:coverage: matching them against the spec…');
process.stdout.write(renderCoverage(coverageRows(spec, served), { markdown }));
