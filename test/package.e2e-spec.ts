import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { settingNames } from '#platform';
import { ROOT } from './support/process.js';
import { POSTGRES_URL, postgresAvailable, TEST_SECRET, testDatabase } from './support/sandbox.js';

/**
 * The package as a test suite installs it: `npm pack`, installed into a scratch project, then used
 * from a jest file, a node:test file and its `card-sandbox` command. On the PostgreSQL run the
 * scratch tests start their sandboxes on PostgreSQL.
 */
const INSTALL_MS = 240_000;

function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = execFile(command, args, {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...options.env },
      timeout: INSTALL_MS,
      maxBuffer: 32 * 1024 * 1024,
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, output }));
  });
}

const database = testDatabase();
// What the scratch project's tests pass to startSandbox: nothing (in memory), or PostgreSQL.
const sandboxOptions =
  database === 'postgres'
    ? JSON.stringify({
        databaseUrl: POSTGRES_URL,
        secret: TEST_SECRET,
        apiKey: 'sk_package_test_key',
        // On the shared test database its workers deliver every file's webhooks: same policy as the others.
        settings: {
          OUTBOUND_ALLOW: '127.0.0.1',
          WEBHOOK_RETRY_BASE_MS: '200',
          WEBHOOK_MAX_ATTEMPTS: '8',
          WEBHOOK_TIMEOUT_MS: '2000',
        },
      })
    : '{}';

const USAGE = `
import { startSandbox } from 'card-sandbox';

export async function exercise(options) {
  const [a, b] = await Promise.all([startSandbox(options), startSandbox(options)]);
  try {
    if (a.url === b.url) throw new Error('two sandboxes on one port');
    const account = await a.newAccount();
    const card = await account.client.cards.create({ type: 'SINGLE_USE' });
    const first = await account.client.transactions.simulateAuthorization({ amount: 500, descriptor: 'SHOP', pan: card.pan });
    const second = await account.client.transactions
      .simulateAuthorization({ amount: 500, descriptor: 'SHOP', pan: card.pan })
      .then(() => 'approved', (error) => error.status);
    const clock = await account.advanceClock({ duration: 'P1D' });
    const others = await a.client().cards.list({ page_size: 100 });
    const saved = await account.snapshot();
    await account.reset();
    await account.restore(saved);
    await a.restore(await a.snapshot());
    const restored = (await account.client.cards.retrieve(card.token)).state;
    return { first: Boolean(first.token), second, offset: clock.offset_seconds, leaked: others.data.some((c) => c.token === card.token), restored };
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
}
`;
const EXPECTED = { first: true, second: 422, offset: 86400, leaked: false, restored: 'CLOSED' };

const JEST_TEST = `
import { exercise } from './usage.mjs';
test('starts two sandboxes in-process and uses them through the SDK', async () => {
  expect(await exercise(${sandboxOptions})).toEqual(${JSON.stringify(EXPECTED)});
}, 120000);
`;

const NODE_TEST = `
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exercise } from './usage.mjs';
test('starts two sandboxes in-process and uses them through the SDK', async () => {
  assert.deepEqual(await exercise(${sandboxOptions}), ${JSON.stringify(EXPECTED)});
});
`;

/**
 * The README's recipes that run without Docker or another test runner: each fenced block under
 * "### Recipes" whose first line names a file (`// jest.config.mjs`), by that name.
 */
async function readmeRecipes(): Promise<Map<string, string>> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split('### Recipes')[1]?.split(/\n### /)[0] ?? '';
  const files = new Map<string, string>();
  for (const [, body] of section.matchAll(/```js\n([\s\S]*?)```/g)) {
    const name = /^\/\/ (\S+\.mjs)\n/.exec(body)?.[1];
    if (name) files.set(name, body);
  }
  return files;
}

/**
 * Installs the tarball into the scratch project. Its dependencies come from the npm cache that
 * `npm ci` filled, so the test needs no more network than npm ci did. The first install for a
 * package.json and lockfile also keeps the dependency tree in the temp directory. A later run
 * (CI's PostgreSQL run, or a rerun) copies that tree and installs only the package itself, always
 * from this run's tarball. That takes about 3 s instead of 12 s on an idle machine.
 */
async function installTarball(scratch: string, tarball: string): Promise<void> {
  const key = createHash('sha256')
    .update(await readFile(join(ROOT, 'package.json')))
    .update(await readFile(join(ROOT, 'package-lock.json')))
    .digest('hex')
    .slice(0, 16);
  const kept = join(tmpdir(), `card-sandbox-package-deps-${key}`);
  const reuse = existsSync(join(kept, 'complete'));
  if (reuse) {
    expect(
      await run('cp', ['-a', join(kept, 'node_modules'), join(kept, 'package-lock.json'), scratch], {
        cwd: scratch,
      }),
    ).toMatchObject({ code: 0 });
    // Removed, so npm extracts this run's tarball whatever the copied lockfile says about it.
    await rm(join(scratch, 'node_modules/card-sandbox'), { recursive: true, force: true });
  }
  const installed = await run(
    'npm',
    ['install', `./${tarball}`, '--no-audit', '--no-fund', '--prefer-offline'],
    {
      cwd: scratch,
    },
  );
  expect(installed).toMatchObject({ code: 0 });
  if (reuse) return;
  // Copied aside and renamed into place, so a run stopped halfway leaves no half a tree to reuse.
  const partial = `${kept}.${process.pid}.partial`;
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial);
  const copied = await run(
    'cp',
    ['-a', join(scratch, 'node_modules'), join(scratch, 'package-lock.json'), partial],
    {
      cwd: scratch,
    },
  );
  expect(copied).toMatchObject({ code: 0 });
  await rm(join(partial, 'node_modules/card-sandbox'), { recursive: true, force: true });
  await writeFile(join(partial, 'complete'), '');
  await rm(kept, { recursive: true, force: true });
  await rename(partial, kept);
}

describe(`the npm package, installed from its tarball (${database})`, () => {
  let scratch: string;
  beforeAll(async () => {
    if (database === 'postgres') await postgresAvailable();
    scratch = await mkdtemp(join(tmpdir(), 'card-sandbox-package-'));
    // The e2e setup built dist/ for this run (build-dist.mjs); prepack would build it again.
    const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', scratch], {
      cwd: ROOT,
    });
    expect(packed).toMatchObject({ code: 0 });
    const tarball = (await readdir(scratch)).find((name) => name.endsWith('.tgz'));
    await writeFile(
      join(scratch, 'package.json'),
      JSON.stringify({ name: 'scratch', private: true, type: 'module' }),
    );
    await installTarball(scratch, tarball!);
    await writeFile(join(scratch, 'usage.mjs'), USAGE);
    await writeFile(join(scratch, 'sandbox.test.mjs'), JEST_TEST);
    await writeFile(join(scratch, 'sandbox.node-test.mjs'), NODE_TEST);
  }, INSTALL_MS);
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it(
    'works from a jest file',
    async () => {
      const jest = join(ROOT, 'node_modules/jest/bin/jest.js');
      const result = await run(
        process.execPath,
        [
          '--experimental-vm-modules',
          '--no-warnings',
          jest,
          '--rootDir',
          scratch,
          '--testMatch',
          '**/*.test.mjs',
          '--ci',
        ],
        { cwd: scratch },
      );
      expect(result).toMatchObject({ code: 0 });
      expect(result.output).toMatch(/Tests:\s+1 passed/);
    },
    INSTALL_MS,
  );

  it(
    'works from a node:test file',
    async () => {
      const result = await run(process.execPath, ['--test', 'sandbox.node-test.mjs'], { cwd: scratch });
      expect(result).toMatchObject({ code: 0 });
      expect(result.output).toMatch(/# pass 1/);
    },
    INSTALL_MS,
  );

  it(
    "runs the README's jest and node:test recipes as written",
    async () => {
      const recipes = await readmeRecipes();
      expect([...recipes.keys()].sort()).toEqual([
        'jest.config.mjs',
        'jest.global-setup.mjs',
        'jest.global-teardown.mjs',
        'single-use.node-test.mjs',
        'single-use.test.mjs',
      ]);
      // A folder inside the scratch project, so the recipes resolve the installed package.
      const folder = join(scratch, 'recipes');
      await mkdir(folder);
      for (const [name, body] of recipes) await writeFile(join(folder, name), body);

      const jest = join(ROOT, 'node_modules/jest/bin/jest.js');
      const jestRun = await run(
        process.execPath,
        [
          '--experimental-vm-modules',
          '--no-warnings',
          jest,
          '--config',
          join(folder, 'jest.config.mjs'),
          '--ci',
        ],
        { cwd: folder },
      );
      expect(jestRun).toMatchObject({ code: 0 });
      expect(jestRun.output).toMatch(/Tests:\s+1 passed/);

      const nodeRun = await run(process.execPath, ['--test', 'single-use.node-test.mjs'], { cwd: folder });
      expect(nodeRun).toMatchObject({ code: 0 });
      expect(nodeRun.output).toMatch(/# pass 1/);
    },
    INSTALL_MS,
  );

  it('has a card-sandbox command whose --help lists every setting with its default', async () => {
    const result = await run(join(scratch, 'node_modules/.bin/card-sandbox'), ['--help'], { cwd: scratch });
    expect(result.code).toBe(0);
    for (const name of ['--port', '--data-dir', '--in-memory', '--seed', '--log-level'])
      expect(result.output).toContain(name);
    for (const name of settingNames()) expect(result.output).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(result.output).toMatch(/^ {2}PORT\s+4000\s/m);
  });

  it(
    'starts in memory from the command, printing the URL and key',
    async () => {
      const child = execFile(
        join(scratch, 'node_modules/.bin/card-sandbox'),
        ['start', '--in-memory', '--port', '0'],
        {
          cwd: scratch,
          env: { PATH: process.env.PATH ?? '' },
        },
      );
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      try {
        for (let waited = 0; !output.includes('is ready') && waited < 60_000; waited += 100)
          await new Promise((resolve) => setTimeout(resolve, 100));
        expect(output).toContain('is ready');
        expect(output).toContain('in memory');
        const url = /URL:\s+(\S+)/.exec(output)![1];
        expect((await fetch(`${url}/v1/status`)).status).toBe(200);
      } finally {
        child.kill('SIGTERM');
      }
    },
    INSTALL_MS,
  );
});
