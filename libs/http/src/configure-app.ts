import { randomUUID } from 'node:crypto';
import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Database } from '#persistence';
import { setupApiDocs } from './api-docs.js';
import { Environment } from './config.js';
import { JsonLogger } from './logger.js';
import { SandboxHooks } from './sandbox-hooks.js';
import { validationPipe } from './validation.js';

export const REQUEST_ID_HEADER = 'x-request-id';

export interface AppOptions {
  /** Log level; defaults to LOG_LEVEL or info. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  title?: string;
}

/** Creates an app exactly as main.ts does, so e2e tests boot the same thing users run. */
export async function createApp(module: Type, options: AppOptions = {}): Promise<NestFastifyApplication> {
  const logger = new JsonLogger(
    options.logLevel ?? (process.env.LOG_LEVEL as AppOptions['logLevel']) ?? 'info',
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

/** Every request gets a UUID as its id; bodies over 1 MiB are refused before parsing. */
export function createFastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({ genReqId: () => randomUUID(), bodyLimit: 1024 * 1024, logger: false });
}

export function configureApp(app: NestFastifyApplication, logger: JsonLogger, title: string): void {
  app.useGlobalPipes(validationPipe());
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.get(SandboxHooks).register(fastify);
  if (logger.enabled('info')) {
    // Path and status only: query strings and bodies may carry card data.
    fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
      logger.write('info', {
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
