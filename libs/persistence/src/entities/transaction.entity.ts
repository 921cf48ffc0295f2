import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { MadeByRequest } from './account.entity.js';
import { CardEntity } from './card.entity.js';
import { bigintCents } from './columns.js';
import type { ApiFlavour, Polarity, TransactionStatus } from '#domain';

/**
 * A card transaction. Amounts are unsigned cents with a polarity; what counts against limits is
 * pending + settled of DEBIT transactions, so a void or expiry (pending 0) frees it at once.
 */
@Entity('transactions')
@Index('transactions_account_keyset', ['account_token', 'created', 'token'])
@Index('transactions_card_keyset', ['card_token', 'created', 'token'])
@Index('transactions_idempotency_claim', ['idempotency_claim'], { unique: true })
export class TransactionEntity extends MadeByRequest {
  @PrimaryColumn('uuid')
  token: string;

  @Column('uuid')
  card_token: string;

  @ManyToOne(() => CardEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'card_token' })
  card?: CardEntity;

  @Column({ type: 'varchar', length: 16 })
  status: TransactionStatus;

  @Column({ type: 'varchar', length: 48 })
  result: string;

  @Column({ type: 'varchar', length: 6 })
  polarity: Polarity;

  @Column({ type: 'bigint', transformer: bigintCents })
  authorization_amount: number;

  /** The hold still pending. */
  @Column({ type: 'bigint', transformer: bigintCents })
  pending_amount: number;

  @Column({ type: 'bigint', transformer: bigintCents })
  settled_amount: number;

  @Column({ type: 'bigint', transformer: bigintCents })
  merchant_amount: number;

  @Column({ type: 'varchar', length: 3 })
  merchant_currency: string;

  @Column({ type: 'varchar', length: 25 })
  descriptor: string;

  @Column({ type: 'varchar', length: 4 })
  mcc: string;

  @Column({ type: 'varchar', length: 15 })
  merchant_acceptor_id: string;

  @Column({ type: 'varchar', length: 13 })
  merchant_city: string;

  @Column({ type: 'varchar', length: 3 })
  merchant_state: string;

  @Column({ type: 'varchar', length: 3 })
  merchant_country: string;

  @Column({ type: 'boolean' })
  partial_approval_capable: boolean;

  @Column({ type: 'varchar', length: 6 })
  authorization_code: string;

  @Column({ type: 'varchar', length: 16 })
  network: string;

  /** Which API simulated the charge: Privacy's when it was sent with `Authorization: api-key …`. */
  @Column({ type: 'varchar', length: 8, default: 'LITHIC' })
  api: ApiFlavour;

  /**
   * Set while an approval by the sandbox's rules waits for the account's real-time responder: the
   * hold is reserved (so concurrent charges see it) until the answer, or this deadline, decides.
   */
  @Column({ type: 'timestamptz', nullable: true })
  responder_deadline: Date | null;
}

@Entity('transaction_events')
@Index('transaction_events_by_transaction', ['transaction_token', 'created'])
@Index('transaction_events_idempotency_claim', ['idempotency_claim'], { unique: true })
export class TransactionEventEntity {
  @PrimaryColumn('uuid')
  token: string;

  @Column('uuid')
  transaction_token: string;

  @ManyToOne(() => TransactionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'transaction_token' })
  transaction?: TransactionEntity;

  @Column({ type: 'varchar', length: 32 })
  type: string;

  @Column({ type: 'bigint', transformer: bigintCents })
  amount: number;

  @Column({ type: 'varchar', length: 6 })
  polarity: Polarity;

  @Column({ type: 'varchar', length: 48 })
  result: string;

  @Column({ type: 'varchar', length: 64 })
  detailed_result: string;

  /** Which rule declined, and why in words; null on approvals. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  rule: string | null;

  @Column({ type: 'text', nullable: true })
  explanation: string | null;

  /** The auth rule version that declined, `{token, version, name}`, when rule is AUTH_RULE. */
  @Column({ type: 'jsonb', nullable: true })
  auth_rule: { token: string; version: number; name: string | null } | null;

  /** The Idempotency-Key claim of the network message that added it: a retry applies it once. */
  @Column({ type: 'uuid', nullable: true })
  idempotency_claim: string | null;

  @Column('timestamptz')
  created: Date;
}
