import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountEntity } from './account.entity.js';

@Entity('api_keys')
export class ApiKeyEntity {
  /** SHA-256 of the key: the key itself is never stored. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key_hash: string;

  @Index()
  @Column('uuid')
  account_token: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_token' })
  account?: AccountEntity;

  @Column('timestamptz')
  created: Date;
}
