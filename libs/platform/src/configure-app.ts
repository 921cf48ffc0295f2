import { randomUUID } from 'node:crypto';
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { UnsupportedMediaTypeException, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Database } from '#persistence';
import { setupApiDocs } from './api-docs.js';
import { currentSettings, Environment } from './config.js';
import { answerError } from './errors.js';
import { IdempotencyGuard } from './idempotency.js';
import { BODY_LIMIT_BYTES, parseJsonBody } from './json-body.js';
import { JsonLogger } from './logger.js';
import { CLIENT_HEADER, SandboxHooks } from './sandbox-hooks.js';
import { SHUTDOWN_STEP_MS } from './shutdown.js';
import { validationPipe } from './validation.js';

export const REQUEST_ID_HEADER = 'x-request-id';
/** Names the client; the dashboard sends `dashboard` on its reads. */

/**
 * The dashboard re-reads its screen every few seconds: its reads are logged at debug level, so an
 * open tab does not fill the info log. Its writes (a card created from it) are logged like any other.
 */
export function requestLogLevel(request: Pick<FastifyRequest, 'method' | 'headers'>): 'debug' | 'info' {
  return request.method === 'GET' && request.headers[CLIENT_HEADER] === 'dashboard' ? 'debug' : 'info';
}

export interface AppOptions {
  /** Log level; defaults to LOG_LEVEL or info. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  title?: string;
}

/** Creates an app exactly as main.ts does, so e2e tests boot the same thing users run. */
export async function createApp(module: Type, options: AppOptions = {}): Promise<NestFastifyApplication> {
  const logger = new JsonLogger(
    options.logLevel ?? (currentSettings().LOG_LEVEL as AppOptions['logLevel']) ?? 'info',
  );
  const app = await NestFactory.create<NestFastifyApplication>(module, createFastifyAdapter(), {
    logger,
    // Boot errors reach bootstrap(), which says what is wrong; Nest would exit on its own first.
    abortOnError: false,
  });
  configureApp(app, logger, options.title ?? 'Card Sandbox');
  await app.init();
  return app;
}

/** Path parameters (tokens) longer than this are refused by the router (414). */
export const MAX_PATH_PARAM_LENGTH = 100;

/** Every request gets a UUID as its id; bodies over 1 MiB are refused before parsing. */
export function createFastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    genReqId: () => randomUUID(),
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    logger: false,
    frameworkErrors: routerError,
    clientErrorHandler: clientError,
  });
}

/** Node's limit on the request line and headers together: 16 KiB unless --max-http-header-size says otherwise. */
export const MAX_HEADER_BYTES = maxHeaderSize;

/**
 * Requests Node's HTTP parser refuses (headers or URL too large, not HTTP) never become requests;
 * the answer is written to the socket, in the same error body as every other 4xx.
 */
function clientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          `the request line and headers must be at most ${MAX_HEADER_BYTES} bytes (a long query string counts)`,
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'the request did not arrive in time']
        : [400, `the request is not valid HTTP/1.1 (${error.code ?? 'unreadable'})`];
  const id = randomUUID();
  const body = JSON.stringify({ debugging_request_id: id, message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n${REQUEST_ID_HEADER}: ${id}\r\n` +
        `x-should-retry: false\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/**
 * The router's own refusals (a malformed percent-encoding, an over-long path parameter) happen
 * before Nest sees the request; they get the same error body and request id as every other 4xx.
 */
function routerError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void reply.header(REQUEST_ID_HEADER, request.id);
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? `path parameters must be at most ${MAX_PATH_PARAM_LENGTH} characters`
      : error.code === 'FST_ERR_BAD_URL'
        ? 'path must be valid percent-encoded UTF-8'
        : error.message;
  answerError(request, reply, error.statusCode ?? 400, message);
}

export function configureApp(app: NestFastifyApplication, logger: JsonLogger, title: string): void {
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  // JSON only, as Lithic: any other body is a 415 that names the one accepted content type.
  fastify.removeAllContentTypeParsers();
  app.useBodyParser('application/json', { bodyLimit: BODY_LIMIT_BYTES }, (_request, body, done) => {
    let parsed: unknown;
    try {
      parsed = parseJsonBody(body);
    } catch (error) {
      return done(error as Error, undefined);
    }
    done(null, parsed);
  });
  // Nest would add a form parser of its own at init; this one refuses instead.
  app.useBodyParser('application/x-www-form-urlencoded', {}, (_request, _body, done) =>
    done(new UnsupportedMediaTypeException(), undefined),
  );
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.get(SandboxHooks).register(fastify);
  app.get(IdempotencyGuard).register(fastify);
  // A stopping server lets requests in flight finish, but not forever: after the grace period the
  // connections still open are cut, so a request stuck behind another session's lock cannot hold a
  // shutdown (SIGTERM, or a test's close) for good.
  fastify.addHook('preClose', (done: () => void) => {
    setTimeout(() => fastify.server.closeAllConnections(), SHUTDOWN_STEP_MS).unref();
    done();
  });
  if (logger.enabled('info')) {
    // Path and status only: query strings and bodies may carry card data.
    fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
      logger.write(requestLogLevel(request), {
        context: 'http',
        msg: 'request',
        request_id: request.id,
        method: request.method,
        path: request.url.split('?')[0],
        status: reply.statusCode,
        duration_ms: Math.round(reply.elapsedTime * 10) / 10,
        account_token: request.account?.token,
      });
    });
  }
  setupApiDocs(app, title);
}

/** Starts an app for main.ts: listens on HOST:PORT and tells the user how to reach it. */
export async function bootstrap(module: Type, title: string): Promise<NestFastifyApplication> {
  const started = Date.now();
  const app = await createApp(module, { title }).catch((error: Error) => {
    // Configuration and database errors at boot: say what is wrong, in words, and stop.
    process.stderr.write(`\n  ${title} could not start: ${error.message}\n\n`);
    process.exit(1);
  });
  const env = app.get(Environment);
  const host = env.HOST;
  await app.listen(env.PORT, host).catch(async (error: NodeJS.ErrnoException) => {
    process.stderr.write(`\n  ${title} could not start: ${listenProblem(error, host, env.PORT)}\n\n`);
    await app.close();
    process.exit(1);
  });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  printBanner(title, url, app.get(Database), Date.now() - started);
  return app;
}

function listenProblem(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use (another sandbox?): stop that process, or start with PORT=<another port> (PORT=0 picks a free one).`;
    case 'EACCES':
      return `no permission to listen on port ${port}: use a port above 1023.`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `HOST=${host} is not an address of this machine: use 127.0.0.1, or 0.0.0.0 for every interface.`;
    default:
      return `listening on ${host}:${port} failed: ${error.message}`;
  }
}

function printBanner(title: string, url: string, database: Database, ms: number): void {
  const { report } = database;
  const key =
    report.apiKey ??
    (report.apiKeySource === 'unknown'
      ? '(printed at first start; set SANDBOX_API_KEY to choose one)'
      : '(unknown)');
  const inMemory = report.mode === 'embedded' && report.location === 'memory';
  const where = inMemory
    ? 'embedded PGlite in memory (SANDBOX_DATA_DIR=memory): everything is discarded on exit'
    : report.mode === 'embedded'
      ? `embedded PGlite at ${report.location}`
      : `PostgreSQL ${report.location}`;
  const fresh = inMemory
    ? '   (in-memory account: gone when the sandbox stops)'
    : '   (new account; keep this key)';
  process.stdout.write(
    [
      '',
      `  ${title} is ready in ${ms} ms`,
      `  URL:       ${url}`,
      `  API key:   ${key}${report.createdAccount ? fresh : ''}`,
      `  Database:  ${where}`,
      `  API docs:  ${url}/docs`,
      '',
      `  curl -H "Authorization: ${report.apiKey ?? '<key>'}" ${url}/v1/cards`,
      '',
    ].join('\n') + '\n',
  );
}
