import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '#domain';
import { Clock } from '#platform';
import {
  FaultsRepository,
  likePattern,
  TokenSource,
  type AuthenticatedAccount,
  type FaultEntity,
} from '#persistence';
import type { CreateFaultDto, FaultResponseDto } from './sandbox.dtos.js';

/** Injected faults: what a test suite does to its own traffic (its API calls, deliveries, responder calls). */
@Injectable()
export class InjectFaults {
  constructor(
    @Inject(FaultsRepository) private readonly faults: FaultsRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(TokenSource) private readonly tokens: TokenSource,
  ) {}

  async create(account: AuthenticatedAccount, input: CreateFaultDto): Promise<FaultResponseDto> {
    const target = input.target ?? 'api';
    const outcomes = [input.status !== undefined, input.drop === true, input.timeout === true];
    if (outcomes.filter(Boolean).length > 1)
      throw new DomainError('VALIDATION', 'Give at most one of status, drop and timeout');
    if (!outcomes.some(Boolean) && !input.latency_ms)
      throw new DomainError('VALIDATION', 'Give status, drop, timeout or latency_ms: what should fail?');
    if (input.timeout && target === 'api')
      throw new DomainError(
        'VALIDATION',
        'timeout is for webhooks and responder; for api use latency_ms or drop',
      );
    if (input.method && target !== 'api')
      throw new DomainError('VALIDATION', 'method is for api faults (deliveries are all POST)');
    if (input.retry_after !== undefined && input.status === undefined)
      throw new DomainError('VALIDATION', 'retry_after goes with a status (429 or 503)');
    const fault: FaultEntity = {
      token: this.tokens.prefixed('flt'),
      account_token: account.token,
      target,
      method: input.method ?? null,
      path: input.path ?? null,
      path_like: input.path ? likePattern(input.path) : '%',
      status: input.status ?? null,
      retry_after: input.retry_after ?? null,
      latency_ms: input.latency_ms ?? 0,
      drop: input.drop ?? false,
      timeout: input.timeout ?? false,
      remaining: input.count ?? 1,
      created: this.clock.now(),
    };
    await this.faults.insert(fault);
    return toFault(fault);
  }

  async list(account: AuthenticatedAccount): Promise<{ data: FaultResponseDto[] }> {
    return { data: (await this.faults.active(account.token)).map(toFault) };
  }

  async clear(account: AuthenticatedAccount, token: string | null): Promise<void> {
    const cleared = await this.faults.clear(account.token, token);
    if (token && cleared === 0) throw new DomainError('NOT_FOUND', `Fault ${token} not found`);
  }
}

function toFault(fault: FaultEntity): FaultResponseDto {
  return {
    token: fault.token,
    target: fault.target,
    method: fault.method,
    path: fault.path,
    status: fault.status,
    retry_after: fault.retry_after,
    latency_ms: fault.latency_ms,
    drop: fault.drop,
    timeout: fault.timeout,
    remaining: fault.remaining,
    created: new Date(fault.created).toISOString(),
  };
}
