import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type {
  ApiFlavour,
  CardState,
  CardSubstatus,
  CardType,
  ShippingMethod,
  SpendLimitDuration,
} from '#domain';
import { MadeByRequest } from './account.entity.js';
import { bigintCents } from './columns.js';

@Entity('cards')
@Index('cards_account_keyset', ['account_token', 'created', 'token'])
@Index('cards_idempotency_claim', ['idempotency_claim'], { unique: true })
export class CardEntity extends MadeByRequest {
  @PrimaryColumn('uuid')
  token: string;

  @Column({ type: 'varchar', length: 16 })
  type: CardType;

  @Column({ type: 'varchar', length: 24 })
  state: CardState;

  @Column({ type: 'varchar', length: 32, nullable: true })
  substatus: CardSubstatus | null;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'varchar', length: 255, default: '' })
  memo: string;

  @Column({ type: 'bigint', default: 0, transformer: bigintCents })
  spend_limit: number;

  @Column({ type: 'varchar', length: 16 })
  spend_limit_duration: SpendLimitDuration;

  /** AES-256-GCM ciphertext; the PAN is never stored in clear. */
  @Column('text')
  pan_encrypted: string;

  /** Keyed hash of the PAN, for search_by_pan and authorizations; unique per sandbox. */
  @Index('cards_pan_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  pan_hash: string;

  @Column({ type: 'varchar', length: 4 })
  last_four: string;

  @Column({ type: 'varchar', length: 2 })
  exp_month: string;

  @Column({ type: 'varchar', length: 4 })
  exp_year: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  locked_merchant: string;

  /** A SINGLE_USE card that approved its one debit; it is CLOSED in the same transaction. */
  @Column({ type: 'boolean', default: false })
  consumed: boolean;

  /**
   * Who closed a CLOSED card: 'USER', or the token of the single-use charge that closed it (which
   * alone may give the card back, if the responder declines that charge). Null while not closed.
   */
  @Column({ type: 'varchar', length: 64, nullable: true })
  closed_by: string | null;

  /** A PHYSICAL card's reissues and renewals so far; Lithic allows eight in all. */
  @Column({ type: 'integer', default: 0 })
  reissues: number;

  /** `scrypt$salt$hash` (base64) of the decoded PIN block; the PIN is never stored in clear. */
  @Column({ type: 'text', nullable: true })
  pin_hash: string | null;

  @Column({ type: 'uuid', nullable: true })
  digital_card_art_token: string | null;

  @Column({ type: 'uuid', nullable: true })
  network_program_token: string | null;

  @Column({ type: 'text', nullable: true })
  product_id: string | null;

  @Column({ type: 'uuid', nullable: true })
  replacement_for: string | null;

  @Column({ type: 'uuid', nullable: true })
  bulk_order_token: string | null;

  /** Which API made the card: Lithic's (/v1/cards) or Privacy's (/v1/card). */
  @Column({ type: 'varchar', length: 8, default: 'LITHIC' })
  api: ApiFlavour;

  /** Privacy's funding account for the card; null is the account's default source. */
  @Column({ type: 'uuid', nullable: true })
  funding_token: string | null;

  /** What Lithic needs to make and ship a card, which the sandbox keeps but never acts on. */
  @Column({ type: 'jsonb', nullable: true })
  fulfilment: CardFulfilment | null;
}

/** Lithic's shipping and replacement inputs, as given (snake_case, as on the wire). */
export interface CardFulfilment {
  shipping_address?: Record<string, string>;
  shipping_method?: ShippingMethod;
  carrier?: { qr_code_url?: string };
  replacement_account_token?: string;
  replacement_comment?: string;
  replacement_substatus?: CardSubstatus;
}
