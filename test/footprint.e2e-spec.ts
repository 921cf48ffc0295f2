import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ROOT, startSandboxProcess } from './support/process.js';
import { SLOW_MS } from './support/sandbox.js';

/**
 * What keeps an idle sandbox small that a test can see (its resident memory itself is measured by
 * `npm run bench:start`, not asserted). The e2e globalSetup has built dist/.
 */
describe('the footprint of an idle sandbox', () => {
  it('loads an ASCII bundle, which V8 keeps at one byte a character', async () => {
    const bundle = await readFile(join(ROOT, 'dist/apps/sandbox/src/app.bundle.js'), 'utf8');
    const wide = bundle.match(/[\u0080-\uffff]/g) ?? [];
    expect(wide).toEqual([]);
    // Escaped, not dropped: Č of validator's Czech alphabet is still there.
    expect(bundle).toContain('\\u010c');
  });

  /** Runs `card-sandbox start` in memory; resolves once it printed its banner. */
  async function startCommand() {
    const command = spawn(join(ROOT, 'bin/card-sandbox.mjs'), ['start', '--in-memory', '--port', '0'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      command.once('exit', (code, signal) => resolve({ code, signal })),
    );
    await new Promise<void>((resolve, reject) => {
      let out = '';
      command.stdout!.on(
        'data',
        (chunk: Buffer) => (out += chunk.toString()) && /API key:/.test(out) && resolve(),
      );
      command.once('exit', (code) => reject(new Error(`the command exited (${code}): ${out}`)));
    });
    const children = await readFile(`/proc/${command.pid}/task/${command.pid}/children`, 'latin1');
    return { command, exited, sandboxPid: Number(children.trim()) };
  }

  const running = (pid: number) =>
    readFile(`/proc/${pid}/stat`, 'latin1').then(
      (stat) => !/^\S+ \(.*\) Z/.test(stat),
      () => false,
    );

  it(
    'runs the sandbox of card-sandbox (and so of npm start) in a child sized for an idle process',
    async () => {
      const { command, exited, sandboxPid } = await startCommand();
      try {
        expect(sandboxPid).toBeGreaterThan(0);
        const environ = (await readFile(`/proc/${sandboxPid}/environ`, 'latin1')).split('\0');
        const argv = (await readFile(`/proc/${sandboxPid}/cmdline`, 'latin1')).split('\0');
        expect(environ).toEqual(
          expect.arrayContaining([
            'MALLOC_ARENA_MAX=2',
            'MALLOC_MMAP_THRESHOLD_=32768',
            'MALLOC_TRIM_THRESHOLD_=131072',
          ]),
        );
        expect(argv.slice(1, 3)).toEqual(['--max-semi-space-size=1', join(ROOT, 'bin/card-sandbox.mjs')]);
        const { scripts } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
          scripts: Record<string, string>;
        };
        expect(scripts.start).toMatch(/&& node bin\/card-sandbox\.mjs start$/);
      } finally {
        command.kill('SIGTERM');
      }
      // SIGTERM is passed on; the command ends as its sandbox did.
      expect(await exited).toEqual({ code: null, signal: 'SIGTERM' });
      expect(await running(sandboxPid)).toBe(false);
    },
    SLOW_MS,
  );

  it(
    'leaves no sandbox running when the command is killed with SIGKILL',
    async () => {
      const { command, exited, sandboxPid } = await startCommand();
      command.kill('SIGKILL');
      await exited;
      const deadline = Date.now() + 10_000;
      while ((await running(sandboxPid)) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(await running(sandboxPid)).toBe(false);
    },
    SLOW_MS,
  );

  it(
    'loads class-validator and class-transformer once, from the bundle, not again from node_modules',
    async () => {
      // NODE_DEBUG=module logs every CommonJS file Node loads from disk at run time.
      const sandbox = await startSandboxProcess({ SANDBOX_DATA_DIR: 'memory', NODE_DEBUG: 'module' });
      try {
        const loaded = sandbox.output();
        // The check sees loads at all: TypeORM requires pg from node_modules at run time.
        expect(loaded).toMatch(/node_modules\/pg\/lib\//);
        expect(loaded).not.toMatch(
          /node_modules\/(class-validator|class-transformer|validator|libphonenumber-js)\//,
        );
      } finally {
        await sandbox.stop('SIGTERM');
      }
    },
    SLOW_MS,
  );
});
