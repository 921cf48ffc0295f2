import type { DataSource } from 'typeorm';
import {
  EventEntity,
  EventSubscriptionEntity,
  MessageAttemptEntity,
  type AttemptStatus,
  type WebhookFormat,
} from '../entities/index.js';
import { newToken, type OutboxEvent } from '../outbox.js';
import type { Sql } from '../sql.js';
import { keysetPage, type Page, type PageRequest } from './keyset.js';

export interface TimeWindow {
  begin?: Date;
  end?: Date;
}

export type SubscriptionPatch = Partial<
  Pick<EventSubscriptionEntity, 'url' | 'description' | 'disabled' | 'event_types'>
>;

export interface AttemptFilter {
  eventToken?: string;
  subscriptionToken?: string;
  status?: AttemptStatus;
}

/** An attempt a worker holds a lease on, with everything needed to send it. */
export interface ClaimedAttempt {
  token: string;
  accountToken: string;
  attempt: number;
  /** The lease's end; also the fence that lets only this holder record the outcome. */
  leaseUntil: Date;
  eventToken: string;
  eventType: string;
  payload: Record<string, unknown>;
  subscriptionToken: string;
  url: string;
  secretSealed: string;
  disabled: boolean;
  format: WebhookFormat;
}

export interface DeliveryOutcome {
  status: Extract<AttemptStatus, 'SUCCESS' | 'FAILED'>;
  statusCode: number;
  response: string;
  /** After a failure: when to try again, or null to give up. */
  retryInMs: number | null;
}

/**
 * How failExpiredLeases() queues the next attempt: the worker's own backoff, as the wait after each
 * failed attempt (`delaysMs[n - 1]` after attempt n); an attempt past the last gets no next one.
 */
export interface LeaseRetryPolicy {
  delaysMs: number[];
}

/** The recorded response of an attempt whose sender never recorded one. */
export const LEASE_EXPIRED = 'No outcome recorded before the lease ran out (the sender stalled or stopped)';

/** The `atmpt_` token of attempts queued in bulk by SQL, as the outbox queues them. */
const SQL_ATTEMPT_TOKEN = `'atmpt_' || replace(gen_random_uuid()::text, '-', '')`;
const ATTEMPT_COLUMNS = `token, account_token, event_token, event_subscription_token, url, status, attempt,
  next_attempt_at, created, updated`;

/** Event subscriptions, the events API's reads, and the delivery queue (message_attempts). */
export class WebhooksRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: Sql,
  ) {}

  async insertSubscription(subscription: EventSubscriptionEntity): Promise<void> {
    await this.dataSource.getRepository(EventSubscriptionEntity).insert(subscription);
  }

  /** Lithic's subscriptions only: the Privacy webhook is not one of Lithic's routes' resources. */
  findSubscription(accountToken: string, token: string): Promise<EventSubscriptionEntity | null> {
    return this.dataSource
      .getRepository(EventSubscriptionEntity)
      .findOneBy({ account_token: accountToken, token, format: 'LITHIC' });
  }

  /** The account's Privacy webhook, if set. */
  findPrivacyWebhook(accountToken: string): Promise<EventSubscriptionEntity | null> {
    return this.dataSource
      .getRepository(EventSubscriptionEntity)
      .findOneBy({ account_token: accountToken, format: 'PRIVACY' });
  }

  /** Sets (or replaces) the account's one Privacy webhook: its URL and the sealed key that signs it. */
  async setPrivacyWebhook(subscription: EventSubscriptionEntity): Promise<void> {
    await this.sql.query(
      'webhooks_set_privacy',
      `INSERT INTO event_subscriptions (token, account_token, url, description, disabled, event_types, secret_sealed,
         format, created, updated)
       VALUES ($1, $2, $3, $4, false, $5::varchar[], $6, 'PRIVACY', $7, $7)
       ON CONFLICT (token) DO UPDATE SET url = $3, secret_sealed = $6, disabled = false, updated = $7`,
      [
        subscription.token,
        subscription.account_token,
        subscription.url,
        subscription.description,
        subscription.event_types,
        subscription.secret_sealed,
        subscription.updated,
      ],
    );
  }

  async deletePrivacyWebhook(accountToken: string): Promise<boolean> {
    const rows = await this.sql.query(
      'webhooks_delete_privacy',
      `DELETE FROM event_subscriptions WHERE account_token = $1 AND format = 'PRIVACY' RETURNING token`,
      [accountToken],
    );
    return rows.length > 0;
  }

  listSubscriptions(accountToken: string, page: PageRequest): Promise<Page<EventSubscriptionEntity>> {
    const qb = this.dataSource
      .getRepository(EventSubscriptionEntity)
      .createQueryBuilder('s')
      .where('s.account_token = :accountToken', { accountToken })
      .andWhere(`s.format = 'LITHIC'`);
    return keysetPage(qb, accountToken, page);
  }

  /** Absent fields stay as they are. */
  async updateSubscription(
    accountToken: string,
    token: string,
    patch: SubscriptionPatch,
    now: Date,
  ): Promise<EventSubscriptionEntity | null> {
    const rows = await this.sql.query<EventSubscriptionEntity>(
      'webhooks_update_subscription',
      `UPDATE event_subscriptions SET url = COALESCE($3, url), description = COALESCE($4, description),
         disabled = COALESCE($5, disabled), event_types = COALESCE($6::varchar[], event_types), updated = $7
       WHERE account_token = $1 AND token = $2 AND format = 'LITHIC'
       RETURNING *`,
      [
        accountToken,
        token,
        patch.url ?? null,
        patch.description ?? null,
        patch.disabled ?? null,
        patch.event_types ?? null,
        now,
      ],
    );
    return rows[0] ?? null;
  }

  async setSecret(accountToken: string, token: string, secretSealed: string, now: Date): Promise<boolean> {
    const rows = await this.sql.query(
      'webhooks_set_secret',
      `UPDATE event_subscriptions SET secret_sealed = $3, updated = $4
       WHERE account_token = $1 AND token = $2 AND format = 'LITHIC' RETURNING token`,
      [accountToken, token, secretSealed, now],
    );
    return rows.length > 0;
  }

  /** Its attempts go with it (ON DELETE CASCADE); a send in flight then records nothing. */
  async deleteSubscription(accountToken: string, token: string): Promise<boolean> {
    const rows = await this.sql.query(
      'webhooks_delete_subscription',
      `DELETE FROM event_subscriptions WHERE account_token = $1 AND token = $2 AND format = 'LITHIC' RETURNING token`,
      [accountToken, token],
    );
    return rows.length > 0;
  }

  findEvent(accountToken: string, token: string): Promise<EventEntity | null> {
    return this.dataSource.getRepository(EventEntity).findOneBy({ account_token: accountToken, token });
  }

  listEvents(accountToken: string, eventTypes: string[], page: PageRequest): Promise<Page<EventEntity>> {
    const qb = this.dataSource
      .getRepository(EventEntity)
      .createQueryBuilder('e')
      .where('e.account_token = :accountToken', { accountToken });
    if (eventTypes.length > 0) qb.andWhere('e.event_type IN (:...eventTypes)', { eventTypes });
    return keysetPage(qb, accountToken, page);
  }

  listAttempts(
    accountToken: string,
    filter: AttemptFilter,
    page: PageRequest,
  ): Promise<Page<MessageAttemptEntity>> {
    const qb = this.dataSource
      .getRepository(MessageAttemptEntity)
      .createQueryBuilder('a')
      .where('a.account_token = :accountToken', { accountToken });
    if (filter.eventToken) qb.andWhere('a.event_token = :eventToken', { eventToken: filter.eventToken });
    if (filter.subscriptionToken)
      qb.andWhere('a.event_subscription_token = :subscriptionToken', {
        subscriptionToken: filter.subscriptionToken,
      });
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    return keysetPage(qb, accountToken, page);
  }

  /**
   * Writes an example event and queues it for this one subscription only: an example is asked for
   * one receiver, so the account's other subscriptions do not get it.
   */
  async insertExample(event: OutboxEvent, subscriptionToken: string): Promise<void> {
    await this.sql.query(
      'webhooks_insert_example',
      `WITH ev AS (
         INSERT INTO events (token, account_token, event_type, payload, created)
         VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING token, account_token)
       INSERT INTO message_attempts (${ATTEMPT_COLUMNS})
       SELECT $6, ev.account_token, ev.token, s.token, s.url, 'PENDING', 1, now(), now(), now()
       FROM ev JOIN event_subscriptions s ON s.token = $7 AND s.account_token = ev.account_token
       FOR KEY SHARE OF s`,
      [
        event.token,
        event.accountToken,
        event.type,
        JSON.stringify(event.payload),
        event.created,
        newToken('atmpt'),
        subscriptionToken,
      ],
    );
  }

  /**
   * A fresh series of attempts (attempt 1) of one event to one subscription; false if either is
   * unknown. Statements that queue attempts lock the rows they refer to (FOR KEY SHARE): a
   * concurrent delete would otherwise fail the insert on its foreign key.
   */
  async queueResend(accountToken: string, eventToken: string, subscriptionToken: string): Promise<boolean> {
    const rows = await this.sql.query(
      'webhooks_queue_resend',
      `INSERT INTO message_attempts (${ATTEMPT_COLUMNS})
       SELECT $4, e.account_token, e.token, s.token, s.url, 'PENDING', 1, now(), now(), now()
       FROM events e JOIN event_subscriptions s ON s.account_token = e.account_token AND s.token = $3
       WHERE e.account_token = $1 AND e.token = $2
       FOR KEY SHARE OF e, s
       RETURNING token`,
      [accountToken, eventToken, subscriptionToken, newToken('atmpt')],
    );
    return rows.length > 0;
  }

  /**
   * Re-queues the events whose attempts failed in the window and that were neither delivered since
   * nor are queued already. Returns how many.
   */
  async recover(accountToken: string, subscriptionToken: string, window: TimeWindow): Promise<number> {
    const rows = await this.sql.query<{ queued: number }>(
      'webhooks_recover',
      `WITH q AS (
         INSERT INTO message_attempts (${ATTEMPT_COLUMNS})
         SELECT ${SQL_ATTEMPT_TOKEN}, s.account_token, f.event_token, s.token, s.url, 'PENDING', 1, now(), now(), now()
         FROM event_subscriptions s
         JOIN (SELECT DISTINCT a.event_token FROM message_attempts a
               WHERE a.event_subscription_token = $2 AND a.status = 'FAILED'
                 AND a.created >= COALESCE($3::timestamptz, '-infinity')
                 AND a.created < COALESCE($4::timestamptz, 'infinity')
                 AND NOT EXISTS (
                   SELECT 1 FROM message_attempts b
                   WHERE b.event_token = a.event_token AND b.event_subscription_token = a.event_subscription_token
                     AND b.status IN ('PENDING', 'SENDING', 'SUCCESS'))) f ON true
         WHERE s.account_token = $1 AND s.token = $2
         FOR KEY SHARE OF s
         RETURNING 1)
       SELECT count(*)::int AS queued FROM q`,
      [accountToken, subscriptionToken, window.begin ?? null, window.end ?? null],
    );
    return rows[0].queued;
  }

  /**
   * Queues the account's events created in the window, of the types the subscription wants, that
   * it never had an attempt for. Returns how many.
   */
  async replayMissing(accountToken: string, subscriptionToken: string, window: TimeWindow): Promise<number> {
    const rows = await this.sql.query<{ queued: number }>(
      'webhooks_replay_missing',
      `WITH q AS (
         INSERT INTO message_attempts (${ATTEMPT_COLUMNS})
         SELECT ${SQL_ATTEMPT_TOKEN}, e.account_token, e.token, s.token, s.url, 'PENDING', 1, now(), now(), now()
         FROM event_subscriptions s JOIN events e ON e.account_token = s.account_token
         WHERE s.account_token = $1 AND s.token = $2
           AND (cardinality(s.event_types) = 0 OR e.event_type = ANY(s.event_types))
           AND e.created >= COALESCE($3::timestamptz, '-infinity')
           AND e.created < COALESCE($4::timestamptz, 'infinity')
           AND NOT EXISTS (
             SELECT 1 FROM message_attempts a WHERE a.event_token = e.token AND a.event_subscription_token = s.token)
         FOR KEY SHARE OF e, s
         RETURNING 1)
       SELECT count(*)::int AS queued FROM q`,
      [accountToken, subscriptionToken, window.begin ?? null, window.end ?? null],
    );
    return rows[0].queued;
  }

  /**
   * Settles attempts left SENDING past their lease (their sender crashed or stalled): each counts
   * as a failed attempt, and the next one is queued after the usual backoff while attempts remain.
   * One statement; SKIP LOCKED as in claimDue. Returns how many it settled.
   */
  async failExpiredLeases(limit: number, retry: LeaseRetryPolicy): Promise<number> {
    const rows = await this.sql.query<{ failed: number }>(
      'webhooks_fail_expired_leases',
      `WITH expired AS (
         SELECT token FROM message_attempts
         WHERE status = 'SENDING' AND next_attempt_at <= now()
         ORDER BY next_attempt_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED),
       failed AS (
         UPDATE message_attempts a
         SET status = 'FAILED', response_status_code = 0, response = $2, updated = now()
         FROM expired WHERE a.token = expired.token
         RETURNING a.account_token, a.event_token, a.event_subscription_token, a.url, a.attempt),
       queued AS (
         INSERT INTO message_attempts (${ATTEMPT_COLUMNS})
         SELECT ${SQL_ATTEMPT_TOKEN}, account_token, event_token, event_subscription_token, url, 'PENDING',
           attempt + 1,
           now() + make_interval(secs => ($3::float8[])[attempt] / 1000), now(), now()
         FROM failed WHERE attempt <= cardinality($3::float8[]))
       SELECT count(*)::int AS failed FROM failed`,
      [limit, LEASE_EXPIRED, retry.delaysMs],
    );
    return rows[0].failed;
  }

  /**
   * Leases up to `limit` PENDING attempts whose time has come, in one statement. SKIP LOCKED lets
   * several workers claim side by side without waiting on, or taking, each other's rows. The URL is
   * the subscription's current one, so an edit applies to what is still queued.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedAttempt[]> {
    const rows = await this.sql.query<{
      token: string;
      account_token: string;
      attempt: number;
      lease_until: Date;
      event_token: string;
      event_type: string;
      payload: Record<string, unknown>;
      subscription_token: string;
      url: string;
      secret_sealed: string;
      disabled: boolean;
      format: WebhookFormat;
    }>(
      'webhooks_claim_due',
      `WITH due AS (
         SELECT token FROM message_attempts
         WHERE status = 'PENDING' AND next_attempt_at <= now()
         ORDER BY next_attempt_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED)
       UPDATE message_attempts a
       SET status = 'SENDING', url = s.url, updated = now(),
         -- Whole milliseconds, so the lease survives a round trip through a JS Date as a fence.
         next_attempt_at = date_trunc('milliseconds', now() + make_interval(secs => $2::float8 / 1000))
       FROM due, event_subscriptions s, events e
       WHERE a.token = due.token AND s.token = a.event_subscription_token AND e.token = a.event_token
       RETURNING a.token, a.account_token, a.attempt, a.next_attempt_at AS lease_until, e.token AS event_token, e.event_type,
         e.payload, s.token AS subscription_token, s.url, s.secret_sealed, s.disabled, s.format`,
      [limit, leaseMs],
    );
    return rows.map((r) => ({
      token: r.token,
      accountToken: r.account_token,
      attempt: r.attempt,
      leaseUntil: r.lease_until,
      eventToken: r.event_token,
      eventType: r.event_type,
      payload: r.payload,
      subscriptionToken: r.subscription_token,
      url: r.url,
      secretSealed: r.secret_sealed,
      disabled: r.disabled,
      format: r.format,
    }));
  }

  /**
   * Records how a leased attempt went and, after a failure worth retrying, queues the next attempt,
   * in one statement. Only the lease holder records: if the lease ran out and another worker took
   * the attempt over, this changes nothing (that worker's send counts instead).
   */
  async recordDelivery(claimed: ClaimedAttempt, outcome: DeliveryOutcome): Promise<void> {
    await this.sql.query(
      'webhooks_record_delivery',
      `WITH done AS (
         UPDATE message_attempts SET status = $3, response_status_code = $4, response = $5, updated = now()
         WHERE token = $1 AND status = 'SENDING' AND next_attempt_at = $2
         RETURNING account_token, event_token, event_subscription_token, url, attempt)
       INSERT INTO message_attempts (${ATTEMPT_COLUMNS})
       SELECT $6, account_token, event_token, event_subscription_token, url, 'PENDING', attempt + 1,
         now() + make_interval(secs => $7::float8 / 1000), now(), now()
       FROM done WHERE $7::float8 IS NOT NULL`,
      [
        claimed.token,
        claimed.leaseUntil,
        outcome.status,
        outcome.statusCode,
        outcome.response,
        newToken('atmpt'),
        outcome.retryInMs,
      ],
    );
  }

  /** Gives a lease back unused (the worker is stopping), so the attempt is due again at once. */
  async releaseLease(claimed: ClaimedAttempt): Promise<void> {
    await this.sql.query(
      'webhooks_release_lease',
      `UPDATE message_attempts SET status = 'PENDING', next_attempt_at = now(), updated = now()
       WHERE token = $1 AND status = 'SENDING' AND next_attempt_at = $2`,
      [claimed.token, claimed.leaseUntil],
    );
  }
}
