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

  it(
    'runs the card-sandbox command (and so npm start) with glibc and V8 sized for an idle process',
    async () => {
      const child = spawn(join(ROOT, 'bin/card-sandbox.mjs'), ['start', '--in-memory', '--port', '0'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        await new Promise<void>((resolve, reject) => {
          let out = '';
          child.stdout!.on(
            'data',
            (chunk: Buffer) => (out += chunk.toString()) && /API key:/.test(out) && resolve(),
          );
          child.once('exit', (code) => reject(new Error(`the command exited (${code}): ${out}`)));
        });
        // The shebang's `env -S` ran node itself in this process: its settings are the process's own.
        const environ = (await readFile(`/proc/${child.pid}/environ`, 'latin1')).split('\0');
        const argv = (await readFile(`/proc/${child.pid}/cmdline`, 'latin1')).split('\0');
        expect(environ).toEqual(
          expect.arrayContaining([
            'MALLOC_ARENA_MAX=2',
            'MALLOC_MMAP_THRESHOLD_=32768',
            'MALLOC_TRIM_THRESHOLD_=131072',
          ]),
        );
        expect(argv.slice(0, 2)).toEqual(['node', '--max-semi-space-size=1']);
        const { scripts } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
          scripts: Record<string, string>;
        };
        expect(scripts.start).toMatch(/&& bin\/card-sandbox\.mjs start$/);
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
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
