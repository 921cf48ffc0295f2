import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '#domain';
import { lenientPageRequest, pageRequest } from '#platform';
import {
  WebhooksRepository,
  type AuthenticatedAccount,
  type EventEntity,
  type MessageAttemptEntity,
  type Page,
} from '#persistence';
import { unique } from '../webhooks/find-event-subscriptions.use-case.js';
import type { ListAttemptsQueryDto } from '../webhooks/webhooks.dtos.js';
import type { ListEventsQueryDto } from './events.dtos.js';

/** The reads: an event, a page of events, an event's delivery attempts. */
@Injectable()
export class FindEvents {
  constructor(@Inject(WebhooksRepository) private readonly webhooks: WebhooksRepository) {}

  list(account: AuthenticatedAccount, query: ListEventsQueryDto): Promise<Page<EventEntity>> {
    // Unknown types go to the filter as they are: they match no event, so they narrow, never widen.
    return this.webhooks.listEvents(
      account.token,
      unique(query.event_types ?? []),
      lenientPageRequest(query),
    );
  }

  async get(account: AuthenticatedAccount, token: string): Promise<EventEntity> {
    const event = await this.webhooks.findEvent(account.token, token);
    if (!event) throw new DomainError('NOT_FOUND', `Event ${token} not found`);
    return event;
  }

  async attempts(
    account: AuthenticatedAccount,
    token: string,
    query: ListAttemptsQueryDto,
  ): Promise<Page<MessageAttemptEntity>> {
    const event = await this.get(account, token);
    return this.webhooks.listAttempts(
      account.token,
      { eventToken: event.token, status: query.status },
      pageRequest(query),
    );
  }
}
