import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { spawnSandbox, type SandboxProcess } from './support/process.js';
import { SLOW_MS } from './support/sandbox.js';

/** What a newcomer sees when `npm start` cannot start, or starts in memory: one clear sentence. */
describe('start-up messages', () => {
  const started: SandboxProcess[] = [];
  const start = (env: Record<string, string>) => {
    const sandbox = spawnSandbox({ SANDBOX_DATA_DIR: 'memory', PORT: '0', ...env });
    started.push(sandbox);
    return sandbox;
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map((sandbox) => sandbox.stop('SIGKILL')));
  });

  it(
    'says an in-memory sandbox is discarded on exit, instead of asking to keep its key',
    async () => {
      const sandbox = start({});
      await sandbox.waitFor('is ready');
      expect(sandbox.output()).toContain('embedded PGlite in memory');
      expect(sandbox.output()).toContain('discarded on exit');
      expect(sandbox.output()).toContain('gone when the sandbox stops');
      expect(sandbox.output()).not.toContain('keep this key');
      expect(sandbox.output()).not.toContain('PGlite at memory');
    },
    SLOW_MS,
  );

  it(
    'names a port in use and what to do, in one line without a stack trace',
    async () => {
      const busy: Server = createServer();
      await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
      const port = (busy.address() as { port: number }).port;
      try {
        const sandbox = start({ PORT: String(port) });
        expect(await sandbox.exited).toBe(1);
        const output = sandbox.output();
        expect(output).toContain(`port ${port} on 127.0.0.1 is already in use`);
        expect(output).toContain('PORT=0 picks a free one');
        expect(output).not.toMatch(/\n\s+at /); // no stack trace
        expect(output).not.toContain('successfully started');
      } finally {
        await new Promise((resolve) => busy.close(resolve));
      }
    },
    SLOW_MS,
  );

  it.each([
    ['PORT', 'abc', 'PORT must be a whole number from 0 to 65535, got "abc".'],
    ['PORT', '70000', 'PORT must be a whole number from 0 to 65535, got "70000".'],
    [
      'LOG_LEVEL',
      'loud',
      'LOG_LEVEL must be one of the following values: debug, info, warn, error, got "loud".',
    ],
  ])('refuses %s=%s with one sentence', async (name, value, sentence) => {
    const sandbox = start({ [name]: value });
    expect(await sandbox.exited).toBe(1);
    const message = sandbox.output().trim();
    expect(message).toBe(`Card Sandbox could not start: ${sentence}`);
  });

  it('names a secret that is invalid without echoing it', async () => {
    const sandbox = start({ SANDBOX_API_KEY: 'short' });
    expect(await sandbox.exited).toBe(1);
    expect(sandbox.output()).toContain('SANDBOX_API_KEY');
    expect(sandbox.output()).not.toContain('short"');
  });
});
