import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DomainError } from '#domain';
import { FaultsRepository, type Fault } from '#persistence';
import { Environment } from './config.js';
import {
  literalHostRefusal,
  outboundPolicy,
  outboundRefusal,
  type OutboundPolicy,
} from './outbound-policy.js';

export interface OutboundPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The whole exchange, connect to last byte of the answer. */
  timeoutMs: number;
  /** A longer answer is not read: the connection is cut and the request fails with TOO_LARGE. */
  maxResponseBytes: number;
  /** Aborts the request (a stopping worker): the result is ABORTED. */
  signal?: AbortSignal;
  /** Whose call this is, so a fault set with POST /sandbox/faults can fail it instead. */
  faults?: { accountToken: string; target: 'webhooks' | 'responder' };
}

export type OutboundResult =
  | { ok: true; status: number; body: Buffer }
  | {
      ok: false;
      failure: 'TIMEOUT' | 'REFUSED' | 'TOO_LARGE' | 'NETWORK' | 'ABORTED';
      /** The receiver's HTTP status when it answered (TOO_LARGE), else 0. */
      status: number;
      /** For people: what went wrong, naming the setting involved. */
      message: string;
    };

const REFUSED_BY_POLICY = 'EOUTBOUNDREFUSED';

/**
 * The one HTTP client for requests the sandbox makes to user-supplied URLs (webhooks, the ASA
 * responder). Written once: a deadline from a plain timer (AbortSignal.timeout inside
 * AbortSignal.any can be collected before it fires on Node 20, nodejs/node#57736), the address
 * policy checked on the IP actually connected to (a `lookup` hook, so DNS cannot rebind past it),
 * and a cap on how much of the answer is read. Redirects are not followed.
 */
@Injectable()
export class OutboundHttp {
  private readonly policy: OutboundPolicy;

  constructor(
    @Inject(Environment) env: Pick<Environment, 'DATABASE_URL' | 'OUTBOUND_ALLOW'>,
    @Optional() @Inject(FaultsRepository) private readonly faults?: FaultsRepository,
  ) {
    this.policy = outboundPolicy(env);
  }

  /** At create/update time: a 400 naming the field when the URL's literal host is refused. */
  assertAllowedUrl(field: string, url: string): void {
    const refusal = literalHostRefusal(url, this.policy);
    if (refusal) throw new DomainError('VALIDATION', `${field}: ${refusal}`);
  }

  async post(input: OutboundPost): Promise<OutboundResult> {
    const fault = input.faults && (await this.fault(input));
    if (fault) {
      if (fault.latencyMs > 0) await sleep(fault.latencyMs);
      const injected = `Injected fault ${fault.token} (POST /sandbox/faults)`;
      if (fault.timeout)
        return { ok: false, failure: 'TIMEOUT', status: 0, message: `${injected}: counted as a timeout` };
      if (fault.drop)
        return { ok: false, failure: 'NETWORK', status: 0, message: `${injected}: the connection dropped` };
      if (fault.status !== null) return { ok: true, status: fault.status, body: Buffer.from(injected) };
    }
    return this.send(input);
  }

  /** Uses one count of a matching fault; the receiver's URL path is what a fault's path matches. */
  private async fault(input: OutboundPost): Promise<Fault | null> {
    if (!this.faults || !input.faults) return null;
    let path = '/';
    try {
      path = new URL(input.url).pathname;
    } catch {
      // send() reports the bad URL.
    }
    return this.faults
      .consume(input.faults.accountToken, input.faults.target, 'POST', path)
      .catch(() => null);
  }

  private send(input: OutboundPost): Promise<OutboundResult> {
    let target: URL;
    try {
      target = new URL(input.url);
    } catch {
      return Promise.resolve(refused(`${input.url} is not a URL`));
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:')
      return Promise.resolve(refused(`${target.protocol} is not http or https`));
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    // An IP literal is connected to without a lookup, so it is judged here.
    if (isIP(host)) {
      const refusal = outboundRefusal(host, host, this.policy);
      if (refusal) return Promise.resolve(refused(refusal));
    }
    return new Promise<OutboundResult>((resolve) => {
      let request: ClientRequest | undefined;
      let settled = false;
      const finish = (result: OutboundResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        input.signal?.removeEventListener('abort', onAbort);
        request?.destroy();
        resolve(result);
      };
      const onAbort = () =>
        finish({ ok: false, failure: 'ABORTED', status: 0, message: 'Cut short: the sandbox is stopping' });
      // A plain timer: the timer list holds it, and it holds the request, so it always fires.
      const deadline = setTimeout(
        () =>
          finish({
            ok: false,
            failure: 'TIMEOUT',
            status: 0,
            message: `No response within ${input.timeoutMs} ms`,
          }),
        input.timeoutMs,
      );
      if (input.signal?.aborted) return onAbort();
      input.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, {
          method: 'POST',
          headers: { ...input.headers, 'content-length': String(Buffer.byteLength(input.body)) },
          agent: false,
          lookup: this.lookup,
        });
      } catch (error) {
        return finish(networkFailure(error as NodeJS.ErrnoException));
      }
      request.on('error', (error: NodeJS.ErrnoException) =>
        finish(error.code === REFUSED_BY_POLICY ? refused(error.message) : networkFailure(error)),
      );
      request.on('response', (response) => readCapped(response, input.maxResponseBytes, finish));
      request.end(input.body);
    });
  }

  /** Resolves as dns.lookup does, then refuses when any address the name resolves to is refused. */
  private readonly lookup: LookupFunction = (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      for (const { address } of addresses) {
        const refusal = outboundRefusal(hostname, address, this.policy);
        if (refusal) return callback(Object.assign(new Error(refusal), { code: REFUSED_BY_POLICY }), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      if (addresses.length === 0)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

function refused(why: string): OutboundResult {
  return { ok: false, failure: 'REFUSED', status: 0, message: `Refused: ${why}` };
}

function readCapped(
  response: IncomingMessage,
  maxBytes: number,
  finish: (result: OutboundResult) => void,
): void {
  const status = response.statusCode ?? 0;
  const tooLarge = (): OutboundResult => ({
    ok: false,
    failure: 'TOO_LARGE',
    status,
    message: `Response body larger than ${maxBytes} bytes; not read further`,
  });
  const announced = Number(response.headers['content-length']);
  if (Number.isFinite(announced) && announced > maxBytes) return finish(tooLarge());
  const chunks: Buffer[] = [];
  let size = 0;
  response.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) return finish(tooLarge());
    chunks.push(chunk);
  });
  response.on('end', () => finish({ ok: true, status, body: Buffer.concat(chunks) }));
  // After 'end' this changes nothing; before it, the receiver hung up mid-answer.
  response.on('close', () =>
    finish({ ok: false, failure: 'NETWORK', status: 0, message: 'Request failed: the answer was cut off' }),
  );
  response.on('error', (error: NodeJS.ErrnoException) => finish(networkFailure(error)));
}

function networkFailure(error: NodeJS.ErrnoException): OutboundResult {
  return {
    ok: false,
    failure: 'NETWORK',
    status: 0,
    message: `Request failed: ${error.code ?? error.message}`,
  };
}
