import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountEntity } from './account.entity.js';
import { CardEntity } from './card.entity.js';
import { bigintCents } from './columns.js';

/**
 * What a card's approved debits add up to per UTC day of their creation, and in its lifetime (the
 * `infinity` row): kept in step with every change of a counted amount, so a limit window reads a
 * few buckets instead of summing the card's history (docs/semantics.md, spend counters).
 */
@Entity('card_spend_counters')
export class CardSpendCounterEntity {
  @PrimaryColumn('uuid')
  card_token: string;

  @ManyToOne(() => CardEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'card_token' })
  card?: CardEntity;

  @PrimaryColumn('date')
  day: string;

  @Column('bigint', { transformer: bigintCents })
  amount: number;
}

/**
 * The same per account, over all its cards, split in stripes by card (COUNTER_STRIPES): charges on
 * different cards of one account add to different rows, instead of all waiting for one. A window
 * reads every stripe of its days.
 */
@Entity('account_spend_counters')
export class AccountSpendCounterEntity {
  @PrimaryColumn('uuid')
  account_token: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_token' })
  account?: AccountEntity;

  @PrimaryColumn('date')
  day: string;

  @PrimaryColumn('smallint')
  stripe: number;

  @Column('bigint', { transformer: bigintCents })
  amount: number;
}

/**
 * The finer level of a card's day buckets: what its approved debits add up to per UTC hour of
 * their creation. A window reads them for the one day its start falls in, so only the start's own
 * hour is summed from the transactions (docs/semantics.md, spend counters).
 */
@Entity('card_spend_hours')
export class CardSpendHourEntity {
  @PrimaryColumn('uuid')
  card_token: string;

  @ManyToOne(() => CardEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'card_token' })
  card?: CardEntity;

  @PrimaryColumn('timestamptz')
  hour: Date;

  @Column('bigint', { transformer: bigintCents })
  amount: number;
}

/** The same per account, in stripes like its day buckets. */
@Entity('account_spend_hours')
export class AccountSpendHourEntity {
  @PrimaryColumn('uuid')
  account_token: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_token' })
  account?: AccountEntity;

  @PrimaryColumn('timestamptz')
  hour: Date;

  @PrimaryColumn('smallint')
  stripe: number;

  @Column('bigint', { transformer: bigintCents })
  amount: number;
}

/**
 * What a velocity limit counts, per card: how many approved debits are held or settled and what
 * they add up to, per UTC day (`span` DAY, `at` its midnight), per UTC hour (HOUR) and in the
 * lifetime (LIFETIME, `at` infinity) of their creation, kept per merchant category and country so
 * a rule's MCC and country filters read the counters, not the transactions.
 */
@Entity('card_velocity_counters')
export class CardVelocityCounterEntity {
  @PrimaryColumn('uuid')
  card_token: string;

  @ManyToOne(() => CardEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'card_token' })
  card?: CardEntity;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  span: 'DAY' | 'HOUR' | 'LIFETIME';

  @PrimaryColumn('timestamptz')
  at: Date;

  @PrimaryColumn({ type: 'varchar', length: 4 })
  mcc: string;

  @PrimaryColumn({ type: 'varchar', length: 3 })
  country: string;

  @Column('integer')
  count: number;

  @Column('bigint', { transformer: bigintCents })
  amount: number;
}

/** The same per account, in stripes by card like its spend counters. */
@Entity('account_velocity_counters')
export class AccountVelocityCounterEntity {
  @PrimaryColumn('uuid')
  account_token: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_token' })
  account?: AccountEntity;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  span: 'DAY' | 'HOUR' | 'LIFETIME';

  @PrimaryColumn('timestamptz')
  at: Date;

  @PrimaryColumn('smallint')
  stripe: number;

  @PrimaryColumn({ type: 'varchar', length: 4 })
  mcc: string;

  @PrimaryColumn({ type: 'varchar', length: 3 })
  country: string;

  @Column('integer')
  count: number;

  @Column('bigint', { transformer: bigintCents })
  amount: number;
}
