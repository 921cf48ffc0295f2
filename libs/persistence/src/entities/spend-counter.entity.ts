import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountEntity } from './account.entity.js';
import { CardEntity } from './card.entity.js';
import { bigintCents } from './columns.js';

/**
 * What a card's approved debits count and add up to, per UTC day (`span` DAY, `at` its midnight),
 * per UTC hour (HOUR) and in the lifetime (LIFETIME, `at` infinity) of their creation, kept per
 * merchant category and country: kept in step with every change of a counted amount, so a spend
 * limit window or a velocity rule reads a few buckets instead of summing the card's history
 * (docs/semantics.md, spend counters). A rule's MCC and country filters read them too.
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

/**
 * The same per account, over all its cards, split in stripes by card (COUNTER_STRIPES): charges on
 * different cards of one account add to different rows, instead of all waiting for one. A window
 * reads every stripe of its buckets.
 */
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
