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

  /**
   * The key sealed with its own vault key: the embedded card page is signed with the raw key
   * (HMAC-SHA256, as the SDK's getEmbedURL does) and its iframe request carries no key to compare.
   * Null for keys made before it existed, until the sandbox's configured key is seen again.
   */
  @Column('text', { nullable: true })
  key_sealed: string | null;
}
