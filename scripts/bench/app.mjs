// Starts the built sandbox as a child process, so the benchmark measures it as users run it (its own
// event loop, its own pool) and not in-process next to the load generator.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';

const { fetch, AbortController, AbortSignal } = globalThis;
const ENTRY = 'dist/apps/sandbox/src/main.js';
/** Enough of the app's output to explain a crash, without holding megabytes of request logs. */
const TAIL_LINES = 60;

/** A port nobody listens on right now: ask the kernel for one, then give it back. */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Spawns the sandbox and resolves once GET /v1/status answers 200. `stop()` is safe to call twice
 * and after a crash; `output()` is the tail of its stdout and stderr (the JSON logger writes errors
 * to stdout). `cwd` is the checkout whose build runs (another one, to compare side by side);
 * `entry` another service of it (dist/apps/authorizer/src/main.js).
 */
export async function startApp({ env, port, timeoutMs, nodeArgs = [], cwd = process.cwd(), entry = ENTRY }) {
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    cwd,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail = { stdout: [], stderr: [] };
  for (const stream of ['stdout', 'stderr']) {
    // Always drain the pipes: a full pipe would block the app's writes and skew the numbers.
    child[stream].setEncoding('utf8').on('data', (chunk) => keepTail(tail[stream], chunk));
  }
  let exit = null;
  // Aborted when the app exits, so a load run can stop at once instead of hammering a dead port.
  const died = new AbortController();
  // Last resort when the bench itself dies (an uncaught error, EPIPE on a closed pipe): no orphan
  // sandbox left holding a port and database connections. 'exit' handlers must be synchronous.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise((resolve) =>
    // 'close', not 'exit': it waits for the pipes to drain, so the tail holds the last words.
    child.once('close', (code, signal) => {
      process.off('exit', killOnExit);
      resolve((exit = { code, signal }));
      died.abort();
    }),
  );

  const app = {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    diedSignal: died.signal,
    get exit() {
      return exit;
    },
    output: () =>
      [
        `--- app stdout (last ${TAIL_LINES} lines) ---`,
        ...tail.stdout,
        `--- app stderr (last ${TAIL_LINES} lines) ---`,
        ...tail.stderr,
      ].join('\n'),
    async stop() {
      if (exit) return;
      child.kill('SIGTERM');
      // Shutdown hooks close the pool; give them a moment, then insist.
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };

  try {
    await waitForStatus(app, timeoutMs);
  } catch (error) {
    await app.stop();
    error.message += `\n${app.output()}`;
    throw error;
  }
  return app;
}

async function waitForStatus(app, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.exit) throw new Error(`The sandbox exited during start-up (${describeExit(app.exit)})`);
    try {
      const response = await fetch(`${app.url}/v1/status`, { signal: AbortSignal.timeout(1_000) });
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(100);
  }
  throw new Error(`The sandbox did not answer GET /v1/status with 200 within ${timeoutMs / 1000} s`);
}

export function describeExit({ code, signal }) {
  return signal ? `signal ${signal}` : `exit code ${code}`;
}

function keepTail(lines, chunk) {
  lines.push(...chunk.split('\n').filter(Boolean));
  if (lines.length > TAIL_LINES) lines.splice(0, lines.length - TAIL_LINES);
}
