import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AccountEntity } from './account.entity.js';

@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn('uuid')
  account_token: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key: string;

  @ManyToOne(() => AccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_token' })
  account?: AccountEntity;

  /** SHA-256 of method, path and body: the same key with another request is a conflict. */
  @Column({ type: 'varchar', length: 64 })
  request_hash: string;

  /** Null while the first request is still being processed. */
  @Column({ type: 'integer', nullable: true })
  status_code: number | null;

  @Column({ type: 'jsonb', nullable: true })
  response_body: unknown;

  @Column('timestamptz')
  created: Date;
}
