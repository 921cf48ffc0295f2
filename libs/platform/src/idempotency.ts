import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '#domain';
import { CardVault, IdempotencyRepository } from '#persistence';
import { Clock } from './clock.js';
import { Environment } from './config.js';

const HEADER = 'idempotency-key';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The claim of this request's Idempotency-Key, when it has one: effects that must happen once
     * (a charge, a card, a network message) are stored with it, so a retry that takes over after a
     * crash finds them and answers from them instead of doing them again.
     */
    idempotencyClaim?: string;
    /** Set by the error filter: the handler threw, so the claim is released, not completed. */
    idempotencyFailed?: boolean;
  }
}

/** The claim of the request's Idempotency-Key, if it sent one. */
export function idempotencyClaim(request: FastifyRequest): string | undefined {
  return request.idempotencyClaim;
}

interface SealedBody {
  sealed: string;
}
const MAX_KEY_LENGTH = 255;

/**
 * The first response to a key, answered again. Thrown by the guard, so the handler does not run,
 * and written by the error filter (see send), the one place a guard's outcome reaches the reply.
 */
export class IdempotentReplay {
  constructor(
    readonly statusCode: number,
    readonly body: unknown,
  ) {}

  send(reply: FastifyReply): void {
    void reply.status(this.statusCode).header('idempotent-replayed', 'true');
    // Only returned outcomes are stored (a 422 decline among them): deterministic, never retried.
    if (this.statusCode >= 400) void reply.header('x-should-retry', 'false');
    if (this.body === null) void reply.send();
    else void reply.send(this.body);
  }
}

/**
 * `Idempotency-Key` on any POST: the same key and body replay the first response (status and body)
 * for 24 hours; the same key with another body is a 409 that the SDK will not retry. The response is
 * stored after the request ran, so a crash in between leaves the key claimed with no answer: after
 * IDEMPOTENCY_LEASE_MS a retry takes it over and runs again under the same claim, and the effects
 * that must not happen twice (charges, cards, network messages) are stored with that claim, in the
 * same database transaction as the effect, so the re-run finds and replays them.
 *
 * A guard (after ApiKeyGuard) claims the key, and an onSend hook stores the answer or frees the key
 * before the answer leaves. Not a Nest interceptor: any interceptor puts every request of every
 * route, with a key or not, through an rxjs pipeline, which cost 8-10% of the authorization path's
 * CPU.
 */
@Injectable()
export class IdempotencyGuard implements CanActivate {
  private readonly logger = new Logger('idempotency');

  constructor(
    @Inject(IdempotencyRepository) private readonly keys: IdempotencyRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CardVault) private readonly vault: CardVault,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  /** Stores the answer of a request that claimed a key, or frees the key if it failed. */
  register(fastify: FastifyInstance): void {
    fastify.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      // The guard claimed only a string key of its request.
      const { account, idempotencyClaim: claim, headers } = request;
      const key = headers[HEADER] as string;
      if (!claim || !account) return payload;
      // Once per request: no later answer that goes through the hooks (an error sent after this one)
      // may replace or free what this one stored.
      request.idempotencyClaim = undefined;
      const text = payload === undefined || payload === null || payload === '' ? 'null' : payload;
      try {
        if (request.idempotencyFailed || typeof text !== 'string') {
          // A thrown failure is not remembered: the key is freed, so a corrected retry can run. (Outcomes
          // that must replay, such as a declined authorization, are returned as values, not thrown.)
          await this.keys.release(account.token, key, claim);
        } else {
          await this.keys.complete(account.token, key, claim, reply.statusCode, this.seal(text));
        }
      } catch (error) {
        // The request's effects are committed and this is their answer. The key stays claimed, as
        // after a crash: a retry past the lease runs again under the claim and replays them.
        this.logger.warn({
          msg: 'the answer to an Idempotency-Key could not be stored',
          request_id: request.id,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      return payload;
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = request.headers[HEADER];
    if (request.method !== 'POST' || typeof key !== 'string' || !request.account) return true;
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw new DomainError('VALIDATION', `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters`);
    }
    const body = readsBody(context) ? request.body : undefined;
    const account = request.account;
    const hash = this.vault.requestFingerprint(
      `${request.method} ${request.url}\n${JSON.stringify(body ?? null)}`,
    );
    const claim = await this.keys.claim(
      account.token,
      key,
      hash,
      this.clock.now(account),
      this.clock.now(),
      this.env.IDEMPOTENCY_LEASE_MS,
    );
    switch (claim.kind) {
      case 'replay':
        throw new IdempotentReplay(claim.statusCode, this.open(claim.body));
      case 'mismatch':
        throw new DomainError(
          'IDEMPOTENCY_CONFLICT',
          'Idempotency-Key was already used with a different request',
        );
      case 'in-progress':
        throw new DomainError(
          'IDEMPOTENCY_IN_PROGRESS',
          'A request with this Idempotency-Key is still in progress',
        );
      case 'claimed':
        request.idempotencyClaim = claim.claim;
        return true;
    }
  }

  /**
   * Remembered responses are encrypted at rest like PANs (AES-256-GCM): a card's create response
   * carries its PAN and CVV. What is sealed is the JSON text that was sent.
   */
  private seal(json: string): SealedBody {
    return { sealed: this.vault.seal('response', json) };
  }

  private open(stored: unknown): unknown {
    const sealed = (stored as Partial<SealedBody> | null)?.sealed;
    return typeof sealed === 'string' ? JSON.parse(this.vault.open('response', sealed)) : stored;
  }
}

/**
 * Whether the route's handler takes a body. One that takes none (`POST …/secret/rotate`) ignores
 * whatever body is sent, so the body is no part of what makes two of its requests the same.
 */
function readsBody(context: ExecutionContext): boolean {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ??
    {}) as Record<string, unknown>;
  return Object.keys(args).some((key) => key.split(':')[0] === String(RouteParamtypes.BODY));
}
