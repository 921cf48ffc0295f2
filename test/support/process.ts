import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface SandboxProcess {
  child: ChildProcess;
  /** Everything written so far to stdout and stderr. */
  output(): string;
  /** Resolves when the process prints `text` (or rejects when it exits first). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

/**
 * Runs the real sandbox, as `npm start` does, on what the e2e globalSetup compiled into dist/.
 * `env` is added to a clean environment: no .env file and no variables of the test runner leak in.
 */
export function spawnSandbox(
  env: Record<string, string>,
  entry = 'apps/sandbox/src/main.js',
): SandboxProcess {
  const child = spawn(process.execPath, [`dist/${entry}`], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    exited,
    waitFor(pattern, timeoutMs = 30_000) {
      const found = () => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => done(new Error(`timed out waiting for ${pattern}:\n${text}`)),
          timeoutMs,
        );
        const poll = setInterval(() => found() && done(), 25);
        void exited.then((code) => done(found() ? undefined : new Error(`exited ${code} first:\n${text}`)));
        function done(error?: Error) {
          clearTimeout(timer);
          clearInterval(poll);
          if (error) reject(error);
          else resolve();
        }
      });
    },
  };
}
