import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountOwned } from './account.entity.js';
import { bigintCents } from './columns.js';
import { CardEntity } from './card.entity.js';

/** A simulated 3-D Secure authentication of a card at a merchant (docs/semantics.md, 3-D Secure). */
@Entity('three_ds_authentications')
@Index('three_ds_authentications_by_card', ['card_token', 'created'])
export class ThreeDsAuthenticationEntity extends AccountOwned {
  @PrimaryColumn('uuid')
  token: string;

  @Column('uuid')
  card_token: string;

  @ManyToOne(() => CardEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'card_token' })
  card?: CardEntity;

  /** SUCCESS, DECLINE or PENDING_CHALLENGE. */
  @Column({ type: 'varchar', length: 24 })
  result: string;

  @Column({ type: 'varchar', length: 24 })
  decision_made_by: string;

  /** Why it declined or was challenged, in words. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** SMS_OTP or OUT_OF_BAND; null when never challenged. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  challenge_method: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  challenge_status: string | null;

  @Column({ type: 'varchar', length: 15 })
  merchant_id: string;

  @Column({ type: 'varchar', length: 25 })
  merchant_name: string;

  @Column({ type: 'varchar', length: 4 })
  merchant_mcc: string;

  @Column({ type: 'varchar', length: 3 })
  merchant_country: string;

  @Column('bigint', { transformer: bigintCents })
  amount: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'varchar', length: 16 })
  card_expiry_check: string;

  @Column('timestamptz')
  created: Date;

  @Column('timestamptz')
  updated: Date;
}
