import type { DataSource } from 'typeorm';
import type { ApiFlavour, CardLifecycle, CardState } from '#domain';
import { CardEntity } from '../entities/index.js';
import { foundByKey, type Queryable } from '../sql.js';
import { keysetPage, type Page, type PageRequest } from './keyset.js';
import { numberedPage, type NumberedPage, type NumberedPageRequest } from './numbered-page.js';

export interface CardFilter {
  state?: CardState;
  memo?: string;
}

/** The card ($1), locked, if it is the account's ($2) (foundByKey). */
export const LOCK_CARD = `${foundByKey('cards', 'token = $1', true)} SELECT * FROM found WHERE account_token = $2`;

export class CardsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the card; false when its PAN collided with an existing one (the caller draws again), or
   * its Idempotency-Key claim already made a card.
   */
  async insert(tx: Queryable, card: CardEntity): Promise<boolean> {
    const rows = await tx.query(
      'card_insert',
      `INSERT INTO cards (${CARD_COLUMNS.join(', ')})
       VALUES (${CARD_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
       ON CONFLICT DO NOTHING RETURNING token`,
      CARD_COLUMNS.map((column) => (column === 'fulfilment' ? json(card.fulfilment) : card[column])),
    );
    return rows.length > 0;
  }

  findOne(accountToken: string, token: string): Promise<CardEntity | null> {
    return this.dataSource.getRepository(CardEntity).findOneBy({ account_token: accountToken, token });
  }

  findByIdempotencyClaim(accountToken: string, claim: string): Promise<CardEntity | null> {
    return this.dataSource
      .getRepository(CardEntity)
      .findOneBy({ account_token: accountToken, idempotency_claim: claim });
  }

  findByPanHash(accountToken: string, panHash: string): Promise<CardEntity | null> {
    return this.dataSource
      .getRepository(CardEntity)
      .findOneBy({ account_token: accountToken, pan_hash: panHash });
  }

  list(accountToken: string, filter: CardFilter, page: PageRequest): Promise<Page<CardEntity>> {
    const qb = this.dataSource
      .getRepository(CardEntity)
      .createQueryBuilder('c')
      .where('c.account_token = :accountToken', { accountToken });
    if (filter.state) qb.andWhere('c.state = :state', { state: filter.state });
    if (filter.memo)
      qb.andWhere(`c.memo ILIKE :memo ESCAPE '\\'`, { memo: `%${filter.memo.replace(/[\\%_]/g, '\\$&')}%` });
    return keysetPage(qb, accountToken, page);
  }

  /** Privacy's card list: a numbered page, optionally one card by its token. */
  numbered(
    accountToken: string,
    cardToken: string | undefined,
    page: NumberedPageRequest,
  ): Promise<NumberedPage<CardEntity>> {
    const qb = this.dataSource
      .getRepository(CardEntity)
      .createQueryBuilder('c')
      .where('c.account_token = :accountToken', { accountToken });
    if (cardToken) qb.andWhere('c.token = :cardToken', { cardToken });
    return numberedPage(qb, page);
  }

  /** The account's cards with these tokens (the cards of a page of transactions). */
  findMany(accountToken: string, tokens: string[]): Promise<CardEntity[]> {
    if (tokens.length === 0) return Promise.resolve([]);
    return this.dataSource
      .getRepository(CardEntity)
      .createQueryBuilder('c')
      .where('c.account_token = :accountToken AND c.token IN (:...tokens)', { accountToken, tokens })
      .getMany();
  }

  /** Which API made each of these cards or transactions of the account (the dashboard's labels). */
  async apisOf(accountToken: string, tokens: string[]): Promise<Record<string, ApiFlavour>> {
    const rows = await this.dataSource.query<{ token: string; api: ApiFlavour }[]>(
      `SELECT token, api FROM cards WHERE account_token = $1 AND token = ANY($2::uuid[])
       UNION ALL SELECT token, api FROM transactions WHERE account_token = $1 AND token = ANY($2::uuid[])`,
      [accountToken, tokens],
    );
    return Object.fromEntries(rows.map((row) => [row.token, row.api]));
  }

  /** The card row locked FOR UPDATE, so a change decided on it cannot race an authorization. */
  async lock(tx: Queryable, accountToken: string, token: string): Promise<CardEntity | null> {
    const [row] = await tx.query('card_lock', LOCK_CARD, [token, accountToken]);
    return row ? toCardEntity(row) : null;
  }

  /** Writes every field a card's owner or its lifecycle may change. */
  async update(tx: Queryable, card: CardEntity): Promise<void> {
    await tx.query(
      'card_update',
      `UPDATE cards SET type = $2, state = $3, closed_by = $4, memo = $5, spend_limit = $6,
         spend_limit_duration = $7, consumed = $8, locked_merchant = $9, exp_month = $10, exp_year = $11,
         substatus = $12, comment = $13, reissues = $14, pin_hash = $15, digital_card_art_token = $16,
         network_program_token = $17, product_id = $18, fulfilment = $19::jsonb, updated = $20,
         funding_token = COALESCE($21, funding_token)
       WHERE token = $1`,
      [
        card.token,
        card.type,
        card.state,
        card.closed_by,
        card.memo,
        card.spend_limit,
        card.spend_limit_duration,
        card.consumed,
        card.locked_merchant,
        card.exp_month,
        card.exp_year,
        card.substatus,
        card.comment,
        card.reissues,
        card.pin_hash,
        card.digital_card_art_token,
        card.network_program_token,
        card.product_id,
        json(card.fulfilment),
        card.updated,
        // Kept unless set: a card changed through Lithic's API keeps its Privacy funding source.
        card.funding_token ?? null,
      ],
    );
  }
}

const json = (value: object | null) => (value === null ? null : JSON.stringify(value));

const CARD_COLUMNS = [
  'token',
  'account_token',
  'type',
  'state',
  'memo',
  'spend_limit',
  'spend_limit_duration',
  'pan_encrypted',
  'pan_hash',
  'last_four',
  'exp_month',
  'exp_year',
  'locked_merchant',
  'consumed',
  'closed_by',
  'substatus',
  'comment',
  'reissues',
  'pin_hash',
  'digital_card_art_token',
  'network_program_token',
  'product_id',
  'replacement_for',
  'bulk_order_token',
  'fulfilment',
  'api',
  'funding_token',
  'idempotency_claim',
  'created',
  'updated',
] as const satisfies readonly (keyof CardEntity)[];

/** A card row read with `*`: bigint columns arrive as strings. */
export function toCardEntity(row: object): CardEntity {
  return Object.assign(new CardEntity(), row, {
    spend_limit: Number((row as { spend_limit: string }).spend_limit),
  });
}

/** What the card's state machine reads of a stored card. */
export function lifecycleOf(card: CardEntity): CardLifecycle {
  return {
    type: card.type,
    state: card.state,
    consumed: card.consumed,
    closedBy: card.closed_by,
    lockedMerchant: card.locked_merchant,
    reissues: card.reissues,
  };
}
