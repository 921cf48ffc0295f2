import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { AccountOwned } from './account.entity.js';

/**
 * One API request of an account and its answer, kept for GET /sandbox/requests. Bodies are stored
 * with PANs and CVVs already masked; the oldest entries beyond JOURNAL_MAX_ENTRIES are trimmed.
 */
@Entity('request_journal')
@Index('request_journal_account_keyset', ['account_token', 'created', 'token'])
export class JournalEntryEntity extends AccountOwned {
  /** `req_` + a time-ordered id. */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  token: string;

  /** The x-request-id the caller saw. */
  @Column({ type: 'varchar', length: 64 })
  request_id: string;

  @Column({ type: 'varchar', length: 16 })
  method: string;

  @Column({ type: 'varchar', length: 2048 })
  path: string;

  /** The query string without its `?`, masked; empty when there was none. */
  @Column({ type: 'text', default: '' })
  query: string;

  @Column('integer')
  status: number;

  @Column('double precision')
  duration_ms: number;

  @Column({ type: 'text', nullable: true })
  request_body: string | null;

  @Column({ type: 'text', nullable: true })
  response_body: string | null;

  /** When the request arrived (wall-clock time, not the account's sandbox clock). */
  @Column('timestamptz')
  created: Date;
}

export type FaultTarget = 'api' | 'webhooks' | 'responder';

/**
 * An injected failure: the next `remaining` matching requests of the account (its API calls, its
 * webhook deliveries or its responder calls) fail as described. Consumed with one UPDATE ... WHERE
 * remaining > 0, so processes sharing the database never use one count twice.
 */
@Entity('faults')
@Index('faults_account_target', ['account_token', 'target', 'created'])
export class FaultEntity extends AccountOwned {
  /** `flt_` + a time-ordered id. */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  token: string;

  @Column({ type: 'varchar', length: 16 })
  target: FaultTarget;

  /** Null: any method. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  method: string | null;

  /** As given: a prefix, or a glob where `*` matches anything; null matches every path. */
  @Column({ type: 'varchar', length: 512, nullable: true })
  path: string | null;

  /** `path` as a LIKE pattern, so the match happens in the consuming statement. */
  @Column({ type: 'varchar', length: 1100, default: '%' })
  path_like: string;

  /** The HTTP status to answer (or, for webhooks and the responder, to pretend was answered). */
  @Column({ type: 'integer', nullable: true })
  status: number | null;

  /** Seconds, sent as `retry-after` with the status. */
  @Column({ type: 'integer', nullable: true })
  retry_after: number | null;

  /** Added before the request goes on (or before the status, drop or timeout). */
  @Column({ type: 'integer', default: 0 })
  latency_ms: number;

  /** API: the connection is destroyed unanswered. Webhooks and responder: a network failure. */
  @Column({ type: 'boolean', default: false })
  drop: boolean;

  /** Webhooks and responder: the call counts as timed out, without being made. */
  @Column({ type: 'boolean', default: false })
  timeout: boolean;

  @Column('integer')
  remaining: number;

  @Column('timestamptz')
  created: Date;
}
