import {
  createParamDecorator,
  Inject,
  Injectable,
  SetMetadata,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '#domain';
import { AccountsRepository, type AuthenticatedAccount } from '#persistence';

const PUBLIC = 'card-sandbox:public';
/** Marks a route that needs no API key (GET /v1/status, the dashboard, /docs). */
export const Public = () => SetMetadata(PUBLIC, true);

declare module 'fastify' {
  interface FastifyRequest {
    account?: AuthenticatedAccount;
  }
}

/** The authenticated caller's account, set by the guard. */
export const CurrentAccount = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthenticatedAccount => {
    const account = ctx.switchToHttp().getRequest<FastifyRequest>().account;
    if (!account) throw new DomainError('UNAUTHENTICATED', 'Missing API key');
    return account;
  },
);

/** Accepts what the SDK sends (the raw key) and the Privacy-era `api-key <key>` and `Bearer <key>`. */
export function apiKeyFrom(header: string | undefined): string | null {
  const value = header?.trim();
  if (!value) return null;
  const match = /^(?:api-key|bearer)\s+(.+)$/i.exec(value);
  return (match ? match[1] : value).trim() || null;
}

@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()]))
      return true;
    await this.authenticate(context.switchToHttp().getRequest<FastifyRequest>());
    return true;
  }

  /** Sets `request.account` from the Authorization header, or fails with a 401. */
  async authenticate(request: FastifyRequest): Promise<AuthenticatedAccount> {
    // The fault hook (onRequest) may have authenticated this request already: one lookup a request.
    if (request.account) return request.account;
    const key = apiKeyFrom(request.headers.authorization);
    if (!key)
      throw new DomainError('UNAUTHENTICATED', 'Missing API key: send it in the Authorization header');
    request.account = await this.lookup(key);
    return request.account;
  }

  /**
   * One indexed query per request, never a per-process cache: a key deleted or a clock advanced
   * through any process is in force for the next request on every process.
   */
  private async lookup(key: string): Promise<AuthenticatedAccount> {
    const account = await this.accounts.findByApiKey(key);
    if (!account) throw new DomainError('UNAUTHENTICATED', 'Unknown API key');
    return account;
  }
}
