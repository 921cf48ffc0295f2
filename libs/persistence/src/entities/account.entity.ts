import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { AccountState, AccountSubstatus } from '#domain';
import { bigintCents } from './columns.js';

@Entity('accounts')
export class AccountEntity {
  @PrimaryColumn('uuid')
  token: string;

  @Column({ type: 'varchar', length: 16, default: 'ACTIVE' })
  state: AccountState;

  @Column({ type: 'varchar', length: 32, nullable: true })
  substatus: AccountSubstatus | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  /** Lithic's deprecated AVS address: stored and returned, never checked. */
  @Column({ type: 'jsonb', nullable: true })
  verification_address: Record<string, string> | null;

  // Account limits are unset (null) by default: a sandbox should not decline a test suite for spending.
  @Column({ type: 'bigint', nullable: true, transformer: bigintCents })
  daily_spend_limit: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintCents })
  monthly_spend_limit: number | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintCents })
  lifetime_spend_limit: number | null;

  /** The account's sandbox clock runs this far ahead of real time. */
  @Column({ type: 'bigint', default: 0, transformer: bigintCents })
  clock_offset_ms: number;

  /**
   * Changes (from a sequence, by a trigger on auth_rules) whenever one of the account's auth rules
   * is written: the authorizer's cached copy of the rules is current while the stamp is.
   */
  @Column({ type: 'bigint', default: 0 })
  auth_rules_stamp: string;

  /**
   * Whether charges keep the account's spend counters (account_velocity_counters). Off until
   * something reads them (an account limit, an account-scoped velocity rule, GET spend_limits):
   * AccountsRepository.countSpend then builds them from the transactions and sets it. Never unset.
   */
  @Column({ type: 'boolean', default: false })
  counts_spend: boolean;

  /** The auth stream (ASA) signing secret, sealed; created on first use. */
  @Column({ type: 'text', nullable: true })
  auth_stream_secret_sealed: string | null;

  /** The 3DS decisioning secret, sealed like the auth stream's; null until first read. */
  @Column({ type: 'varchar', nullable: true })
  three_ds_secret_sealed: string | null;

  @Column('timestamptz')
  created: Date;

  @Column('timestamptz')
  updated: Date;
}

/** A row that belongs to one account and goes when the account does. */
export abstract class AccountOwned {
  @Column('uuid')
  account_token: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_token' })
  account?: AccountEntity;
}

/** An account's row that one API request makes (a card, a charge), and changes later. */
export abstract class MadeByRequest extends AccountOwned {
  /** The Idempotency-Key claim of the request that made it: a retry finds it instead of making another. */
  @Column({ type: 'uuid', nullable: true })
  idempotency_claim: string | null;

  @Column('timestamptz')
  created: Date;

  @Column('timestamptz')
  updated: Date;
}
