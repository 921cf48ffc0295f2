import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountEntity, AccountOwned } from './account.entity.js';

/** The outbox: every card and transaction change writes one, in the same statement as the change. */
@Entity('events')
@Index('events_account_keyset', ['account_token', 'created', 'token'])
export class EventEntity extends AccountOwned {
  /** `msg_` + a time-ordered id, as Lithic's event tokens look. */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  token: string;

  @Column({ type: 'varchar', length: 64 })
  event_type: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  @Column('timestamptz')
  created: Date;
}

@Entity('event_subscriptions')
@Index('event_subscriptions_account_keyset', ['account_token', 'created', 'token'])
export class EventSubscriptionEntity extends AccountOwned {
  /** `ep_` + a time-ordered id. */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  token: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ type: 'varchar', length: 512, default: '' })
  description: string;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  /** Empty: every event type. */
  @Column({ type: 'varchar', length: 64, array: true, default: '{}' })
  event_types: string[];

  /** The `whsec_` signing secret, sealed like a PAN (it must be shown again, so it is not hashed). */
  @Column('text')
  secret_sealed: string;

  /**
   * LITHIC: Lithic's event bodies, signed with standardwebhooks. PRIVACY: the account's one Privacy
   * webhook (set through /sandbox/privacy/webhook, never listed by Lithic's routes): Privacy's
   * Transaction object signed with X-Privacy-HMAC, keyed by the API key sealed in secret_sealed.
   */
  @Column({ type: 'varchar', length: 8, default: 'LITHIC' })
  format: WebhookFormat;

  @Column('timestamptz')
  created: Date;

  @Column('timestamptz')
  updated: Date;
}

export type WebhookFormat = 'LITHIC' | 'PRIVACY';

export type AttemptStatus = 'PENDING' | 'SENDING' | 'SUCCESS' | 'FAILED';

/**
 * One delivery attempt of an event to a subscription. A PENDING attempt is also the queue entry:
 * a worker claims due ones (FOR UPDATE SKIP LOCKED), marks them SENDING with a lease in
 * next_attempt_at, sends outside any transaction, then records SUCCESS or FAILED and, on failure,
 * queues the next attempt with a backoff. Nothing is lost across restarts: an expired lease is due.
 */
@Entity('message_attempts')
@Index('message_attempts_due', ['next_attempt_at'], { where: `status IN ('PENDING', 'SENDING')` })
@Index('message_attempts_by_event', ['event_token', 'created'])
@Index('message_attempts_by_subscription', ['event_subscription_token', 'created', 'token'])
export class MessageAttemptEntity extends AccountOwned {
  /** `atmpt_` + a time-ordered id. */
  @PrimaryColumn({ type: 'varchar', length: 40 })
  token: string;

  @Column({ type: 'varchar', length: 40 })
  event_token: string;

  @ManyToOne(() => EventEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_token' })
  event?: EventEntity;

  @Column({ type: 'varchar', length: 40 })
  event_subscription_token: string;

  @ManyToOne(() => EventSubscriptionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_subscription_token' })
  subscription?: EventSubscriptionEntity;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ type: 'varchar', length: 16 })
  status: AttemptStatus;

  /** 1 for the first try of an event on a subscription, 2 for its first retry, and so on. */
  @Column({ type: 'integer', default: 1 })
  attempt: number;

  /** When a PENDING attempt is due; for a SENDING one, when its lease runs out. */
  @Column('timestamptz')
  next_attempt_at: Date;

  /** 0 until an HTTP status is received. */
  @Column({ type: 'integer', default: 0 })
  response_status_code: number;

  @Column({ type: 'text', default: '' })
  response: string;

  @Column('timestamptz')
  created: Date;

  @Column('timestamptz')
  updated: Date;
}

/** An account's real-time authorization responder (Auth Stream Access). */
@Entity('responder_endpoints')
export class ResponderEndpointEntity {
  @PrimaryColumn('uuid')
  account_token: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  type: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_token' })
  account?: AccountEntity;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column('timestamptz')
  created: Date;
}
