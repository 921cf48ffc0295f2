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

  /**
   * One logical request: the same across retries that take over an expired lease, new when the key
   * is reused after 24 hours. Effects that must happen once (a charge, a card) carry it, so a retry
   * finds what a crashed run committed instead of doing it again.
   */
  @Column('uuid')
  claim: string;

  /**
   * Real time until which the running request owns the key; once past with no stored response (the
   * process died), a retry may take the key over. Null means expired.
   */
  @Column({ type: 'timestamptz', nullable: true })
  lease_expires: Date | null;
}
