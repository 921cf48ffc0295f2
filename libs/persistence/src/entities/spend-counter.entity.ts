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
