import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
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
 * `Idempotency-Key` on any POST: the same key and body replay the first response (status and body)
 * for 24 hours; the same key with another body is a 409 that the SDK will not retry. The response is
 * stored after the request ran, so a crash in between leaves the key claimed with no answer: after
 * IDEMPOTENCY_LEASE_MS a retry takes it over and runs again under the same claim, and the effects
 * that must not happen twice (charges, cards, network messages) are stored with that claim, in the
 * same database transaction as the effect, so the re-run finds and replays them.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(IdempotencyRepository) private readonly keys: IdempotencyRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(CardVault) private readonly vault: CardVault,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = request.headers[HEADER];
    if (request.method !== 'POST' || typeof key !== 'string' || !request.account) return next.handle();
    const body = readsBody(context) ? request.body : undefined;
    return from(this.run(request, body, context.switchToHttp().getResponse<FastifyReply>(), key, next));
  }

  private async run(
    request: FastifyRequest,
    body: unknown,
    reply: FastifyReply,
    key: string,
    next: CallHandler,
  ): Promise<unknown> {
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw new DomainError('VALIDATION', `Idempotency-Key must be 1 to ${MAX_KEY_LENGTH} characters`);
    }
    const account = request.account!;
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
        void reply.status(claim.statusCode).header('idempotent-replayed', 'true');
        // Only returned outcomes are stored (a 422 decline among them): deterministic, never retried.
        if (claim.statusCode >= 400) void reply.header('x-should-retry', 'false');
        return this.open(claim.body);
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
        break;
    }
    request.idempotencyClaim = claim.claim;
    try {
      const answer = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.keys.complete(account.token, key, claim.claim, reply.statusCode, this.seal(answer));
      return answer;
    } catch (error) {
      // A thrown failure is not remembered: the key is freed, so a corrected retry can run. (Outcomes
      // that must replay, such as a declined authorization, are returned as values, not thrown.)
      await this.keys.release(account.token, key, claim.claim);
      throw error;
    }
  }

  /**
   * Remembered responses are encrypted at rest like PANs (AES-256-GCM): a card's create response
   * carries its PAN and CVV.
   */
  private seal(body: unknown): SealedBody {
    return { sealed: this.vault.seal('response', JSON.stringify(body ?? null)) };
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
