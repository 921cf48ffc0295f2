import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FaultsRepository, JournalEntryEntity, JournalRepository, newToken, type Fault } from '#persistence';
import { ApiKeyGuard, apiKeyFrom } from './auth.js';
import { maskCardData } from './card-data.js';
import { Clock } from './clock.js';
import { Environment } from './config.js';
import { isPrivacyRoute, privacyMessage } from './privacy.js';
import { scrub } from './logger.js';
import { settledWithin } from './shutdown.js';

/** Requests the dashboard sends carry it; its GETs (mostly polling) stay out of the journal. */
export const CLIENT_HEADER = 'x-sandbox-client';
/** Journal entries are written this long after their answer at most, in batches of up to JOURNAL_BATCH_MAX. */
const JOURNAL_BATCH_MS = 20;
const JOURNAL_BATCH_MAX = 200;
const UNFAULTED = ['/sandbox/faults', '/sandbox/reset'];

/**
 * Two levers for test suites, as fastify hooks around every route:
 * - faults (POST /sandbox/faults): before the route runs, an authenticated request may be delayed,
 *   answered with an injected status, or have its connection dropped, so the handler never runs;
 * - the request journal (GET /sandbox/requests): after the answer is sent, the request and the
 *   answer, masked, are written in the background, so the journal never slows or breaks a request.
 */
@Injectable()
export class SandboxHooks implements BeforeApplicationShutdown {
  private readonly logger = new Logger('sandbox');
  private readonly payloads = new WeakMap<FastifyRequest, unknown>();
  /** Entries waiting for the next write: one statement per batch, not per request. */
  private pending: JournalEntryEntity[] = [];
  private flushing?: Promise<void>;
  /** Entries this process wrote per account since it last trimmed that account's journal. */
  private readonly untrimmed = new Map<string, number>();
  private stopping = false;

  constructor(
    @Inject(Environment) private readonly env: Environment,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ApiKeyGuard) private readonly keys: ApiKeyGuard,
    @Inject(JournalRepository) private readonly journal: JournalRepository,
    @Inject(FaultsRepository) private readonly faults: FaultsRepository,
  ) {}

  /** Before the database closes: what is still pending is written. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    // A write stuck behind a lock is given up when the database closes; the journal is best effort.
    await settledWithin((this.flushing ?? Promise.resolve()).then(() => this.flush()));
  }

  register(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (request, reply) => this.injectFault(request, reply));
    if (this.env.JOURNAL_MAX_ENTRIES <= 0) return;
    fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      // JSON bodies only: the embedded card page shows the PAN and CVV in markup no mask can find.
      const json = /json/i.test(String(reply.getHeader('content-type') ?? ''));
      if (request.account) this.payloads.set(request, json ? payload : null);
      return payload;
    });
    fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.account && !this.stopping && this.journaled(request)) this.record(request, reply);
    });
  }

  /** Runs after the request id hook, before the body is parsed: a faulted request costs nothing more. */
  private async injectFault(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> {
    const path = request.url.split('?')[0];
    // The faults routes and reset are never faulted: a suite can always clear what it set.
    if (UNFAULTED.some((prefix) => path.startsWith(prefix)) || !apiKeyFrom(request.headers.authorization))
      return;
    let fault: Fault | null;
    try {
      const account = await this.keys.authenticate(request);
      // The key's read said whether the account has any: most requests need no second statement.
      if (account.apiFaults === false) return;
      fault = await this.faults.consume(account.token, 'api', request.method, path);
    } catch {
      // An unknown key: the guard answers 401 as usual. A database error: the route reports it.
      return;
    }
    if (!fault) return;
    if (fault.latencyMs > 0) await sleep(fault.latencyMs);
    if (fault.drop) {
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (fault.status === null) return;
    if (fault.retryAfter !== null) void reply.header('retry-after', String(fault.retryAfter));
    const message = `Injected fault ${fault.token} (POST /sandbox/faults): answering ${fault.status}`;
    // On Privacy's routes, Privacy's body and texts: a client's 429 handling sees what Privacy sends.
    return reply
      .code(fault.status)
      .send(
        isPrivacyRoute(request)
          ? { message: privacyMessage(request, fault.status, message) }
          : { debugging_request_id: String(request.id), message },
      );
  }

  /** Not the journal's own reads, and not the dashboard's reads (its polling would bury the rest). */
  private journaled(request: FastifyRequest): boolean {
    if (request.method !== 'GET') return true;
    if (request.headers[CLIENT_HEADER] === 'dashboard') return false;
    return !request.url.startsWith('/sandbox/requests');
  }

  private record(request: FastifyRequest, reply: FastifyReply): void {
    const [path, query = ''] = request.url.split(/\?(.*)/s, 2);
    const now = this.clock.now();
    const entry: JournalEntryEntity = {
      token: newToken('req'),
      account_token: request.account!.token,
      request_id: String(request.id),
      method: request.method,
      path: scrub(path).slice(0, 2048),
      query: maskQuery(query),
      status: reply.statusCode,
      duration_ms: Math.round(reply.elapsedTime * 10) / 10,
      request_body: maskCardData(request.body),
      response_body: maskCardData(this.payloads.get(request)),
      created: new Date(now.getTime() - Math.round(reply.elapsedTime)),
    };
    this.pending.push(entry);
    this.flushing ??= this.flushSoon();
  }

  /** Waits a moment so that requests arriving together share one write, then writes until none wait. */
  private async flushSoon(): Promise<void> {
    await sleep(JOURNAL_BATCH_MS);
    while (this.pending.length > 0) await this.flush();
    this.flushing = undefined;
  }

  /**
   * Writes a batch, then trims the journals of accounts that have had a tenth of their bound
   * written since their last trim (reads show only the newest JOURNAL_MAX_ENTRIES meanwhile).
   */
  private async flush(): Promise<void> {
    const batch = this.pending.splice(0, JOURNAL_BATCH_MAX);
    const keep = this.env.JOURNAL_MAX_ENTRIES;
    const slack = Math.ceil(keep / 10);
    try {
      await this.journal.append(batch);
      // Accounts that stopped before their next trim are forgotten; reads still apply the bound.
      if (this.untrimmed.size > 10_000) this.untrimmed.clear();
      for (const { account_token: account } of batch)
        this.untrimmed.set(account, (this.untrimmed.get(account) ?? 0) + 1);
      for (const [account, written] of this.untrimmed) {
        if (written < slack) continue;
        this.untrimmed.delete(account);
        await this.journal.trim(account, keep);
      }
    } catch (error) {
      this.logger.warn({ msg: 'writing the request journal failed', error: String(error) });
    }
  }
}

/** `pan=` and `cvv=` values masked, then any long digit run. */
function maskQuery(query: string): string {
  return scrub(query.replace(/((?:^|&)(?:pan|cvv)=)[^&]*/gi, '$1***'));
}
