import { Inject, Injectable } from '@nestjs/common';
import { Environment, pageRequest, toListResponse } from '#platform';
import {
  JournalRepository,
  likePattern,
  type AuthenticatedAccount,
  type JournalEntryEntity,
} from '#persistence';
import type { JournalEntryResponseDto, ListRequestsQueryDto } from './sandbox.dtos.js';

/** The request journal: what a test suite sees of its own traffic. */
@Injectable()
export class FindRequests {
  constructor(
    @Inject(JournalRepository) private readonly journal: JournalRepository,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  async list(account: AuthenticatedAccount, query: ListRequestsQueryDto) {
    const page = await this.journal.list(
      account.token,
      this.env.JOURNAL_MAX_ENTRIES,
      { method: query.method, pathLike: query.path && likePattern(query.path), status: query.status },
      pageRequest(query),
    );
    return toListResponse(page, toJournalEntry);
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
