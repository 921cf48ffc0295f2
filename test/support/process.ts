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
  /** Whether it is still running (not exited, not killed). */
  running(): boolean;
  /** Signals the process (unless it has ended) and resolves with its exit code, or the signal that ended it. */
  stop(signal?: NodeJS.Signals): Promise<number | NodeJS.Signals | null>;
}

/** A sandbox process that printed its banner: where it listens and its default key, if it printed one. */
export interface ListeningSandbox extends SandboxProcess {
  url: string;
  apiKey: string | null;
}

/**
 * Runs the real sandbox, what `npm start` runs (without the memory settings of its command's first
 * line), on what the e2e globalSetup compiled into dist/.
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
  const ended = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  const exited = ended.then(() => child.exitCode);
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    output: () => text,
    exited,
    running,
    stop(signal = 'SIGKILL') {
      if (running()) child.kill(signal);
      return ended;
    },
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

/**
 * Spawns the sandbox (on a free port unless `env` names one) and resolves once its banner says it
 * listens; one that does not start in time is killed.
 */
export async function startSandboxProcess(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<ListeningSandbox> {
  const started = spawnSandbox({ PORT: '0', ...env });
  try {
    await started.waitFor(/API key:\s+\S+/, timeoutMs);
  } catch (error) {
    await started.stop();
    throw error;
  }
  const url = /URL:\s+(http:\/\/\S+)/.exec(started.output())![1];
  // A key it does not know is printed as a sentence in parentheses.
  const apiKey = /API key:\s+([^\s(]\S*)/.exec(started.output())?.[1] ?? null;
  return { ...started, url, apiKey };
}
