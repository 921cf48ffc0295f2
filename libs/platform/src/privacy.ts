import { Injectable, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError, type ApiFlavour } from '#domain';

/** Privacy's header: `Authorization: api-key <key>`. */
const PRIVACY_FORM = /^\s*api-key\s+\S/i;

/** Which API a request speaks, by its Authorization header: Privacy's clients send `api-key <key>`. */
export function apiFlavourOf(request: FastifyRequest): ApiFlavour {
  return PRIVACY_FORM.test(request.headers.authorization ?? '') ? 'PRIVACY' : 'LITHIC';
}

/** Privacy.com's own routes (singular `/v1/card`, not Lithic's `/v1/cards`), by the path asked for. */
const PRIVACY_ROUTE = /^\/v1\/(card|fundingsource(\/[^?]*)?|transaction\/[^?]*)(\?|$)/;

export function isPrivacyRoute(request: FastifyRequest): boolean {
  return PRIVACY_ROUTE.test(request.url);
}

/** Privacy's text for a 429, whatever made it (an injected fault, a key still in flight). */
export const PRIVACY_RATE_LIMITED = 'Rate limited, too many requests per second';

/**
 * The message of Privacy's error body: its 429 text, and its 401 texts chosen by what the
 * Authorization header held; any other status keeps the sandbox's message.
 */
export function privacyMessage(request: FastifyRequest, status: number, message: string): string {
  if (status === 429) return PRIVACY_RATE_LIMITED;
  if (status !== 401) return message;
  const header = request.headers.authorization;
  if (!header?.trim()) return 'Please provide API key in Authorization header';
  if (!PRIVACY_FORM.test(header))
    return 'Please provide API key in the form Authorization: api-key [api-key]';
  return 'Could not find API key';
}

/** Privacy requires the `api-key ` form on its routes; a bare key is refused as Privacy refuses it. */
@Injectable()
class PrivacyKeyForm implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (apiFlavourOf(context.switchToHttp().getRequest<FastifyRequest>()) !== 'PRIVACY')
      throw new DomainError('UNAUTHENTICATED', 'Privacy routes take Authorization: api-key <key>');
    return true;
  }
}

/** Privacy's 400 `[query] is not a valid parameter`: its routes refuse query parameters they do not know. */
class KnownQuery implements CanActivate {
  constructor(private readonly allowed: ReadonlySet<string>) {}

  canActivate(context: ExecutionContext): boolean {
    const query = context.switchToHttp().getRequest<FastifyRequest>().query as Record<string, unknown>;
    const unknown = Object.keys(query ?? {}).find((name) => !this.allowed.has(name));
    if (unknown !== undefined) throw new DomainError('VALIDATION', `${unknown} is not a valid parameter`);
    return true;
  }
}

/** A Privacy controller: its key form (its error body is the error filter's, by path). */
export const PrivacyApi = () => UseGuards(PrivacyKeyForm);

/** A Privacy route and the query parameters it knows. */
export const PrivacyQuery = (...names: string[]) => UseGuards(new KnownQuery(new Set(names)));
