import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '#domain';
import { Clock, Environment, pageRequest, toListResponse } from '#platform';
import {
  FaultsRepository,
  JournalRepository,
  likePattern,
  newToken,
  type AuthenticatedAccount,
  type FaultEntity,
  type JournalEntryEntity,
} from '#persistence';
import type {
  CreateFaultDto,
  FaultResponseDto,
  JournalEntryResponseDto,
  ListRequestsQueryDto,
} from './sandbox.dtos.js';

/** The request journal and injected faults: what a test suite sees of, and does to, its own traffic. */
@Injectable()
export class SandboxToolsService {
  constructor(
    @Inject(JournalRepository) private readonly journal: JournalRepository,
    @Inject(FaultsRepository) private readonly faults: FaultsRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  async requests(account: AuthenticatedAccount, query: ListRequestsQueryDto) {
    const page = await this.journal.list(
      account.token,
      this.env.JOURNAL_MAX_ENTRIES,
      { method: query.method, pathLike: query.path && likePattern(query.path), status: query.status },
      pageRequest(query),
    );
    return toListResponse(page, toJournalEntry);
  }

  async createFault(account: AuthenticatedAccount, input: CreateFaultDto): Promise<FaultResponseDto> {
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
      token: newToken('flt'),
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

  async listFaults(account: AuthenticatedAccount): Promise<{ data: FaultResponseDto[] }> {
    return { data: (await this.faults.active(account.token)).map(toFault) };
  }

  async clearFaults(account: AuthenticatedAccount, token: string | null): Promise<void> {
    const cleared = await this.faults.clear(account.token, token);
    if (token && cleared === 0) throw new DomainError('NOT_FOUND', `Fault ${token} not found`);
  }
}

function toJournalEntry(entry: JournalEntryEntity): JournalEntryResponseDto {
  return {
    token: entry.token,
    request_id: entry.request_id,
    method: entry.method,
    path: entry.path,
    query: entry.query,
    status: entry.status,
    duration_ms: entry.duration_ms,
    request_body: entry.request_body,
    response_body: entry.response_body,
    created: entry.created.toISOString(),
  };
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
