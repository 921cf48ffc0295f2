import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { FundingSourceState, FundingSourceType } from '#domain';
import { AccountOwned } from './account.entity.js';

/**
 * A funding account added through Privacy's API (POST /v1/fundingsource/bank). Every account also
 * has a default source that is derived, never stored (fundingsource's DEFAULT_FUNDING_SOURCE).
 */
@Entity('funding_sources')
@Index('funding_sources_account', ['account_token', 'created', 'token'])
export class FundingSourceEntity extends AccountOwned {
  @PrimaryColumn('uuid')
  token: string;

  @Column({ type: 'varchar', length: 24 })
  type: FundingSourceType;

  @Column({ type: 'varchar', length: 16 })
  state: FundingSourceState;

  @Column({ type: 'varchar', length: 255 })
  account_name: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  nickname: string;

  @Column({ type: 'varchar', length: 4 })
  last_four: string;

  @Column({ type: 'varchar', length: 9, nullable: true })
  routing_number: string | null;

  @Column('timestamptz')
  created: Date;
}
