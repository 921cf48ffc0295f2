import type { DataSource, EntityManager } from 'typeorm';
import type { CardState } from '#domain';
import { retryOnDeadlock } from '../database-errors.js';
import { CardEntity } from '../entities/index.js';
import { writeOutbox, type OutboxEvent } from '../outbox.js';
import { managerQueryable } from '../sql.js';
import { keysetPage, type Page, type PageRequest } from './keyset.js';

export interface CardFilter {
  state?: CardState;
  memo?: string;
}

export type CardPatch = Partial<
  Pick<CardEntity, 'state' | 'closed_by' | 'memo' | 'spend_limit' | 'spend_limit_duration'>
>;

export class CardsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the card and its events in one transaction; false when its PAN collided with an
   * existing one (the caller draws again), or its Idempotency-Key claim already made a card.
   */
  async insert(card: CardEntity, events: OutboxEvent[]): Promise<boolean> {
    return retryOnDeadlock(() => this.insertOnce(card, events));
  }

  private insertOnce(card: CardEntity, events: OutboxEvent[]): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      // updateEntity(false): TypeORM would otherwise copy raw column defaults (bigint as string) back.
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(CardEntity)
        .values(card)
        .orIgnore()
        .returning('token')
        .updateEntity(false)
        .execute();
      if ((inserted.raw as unknown[]).length === 0) return false;
      await writeOutbox(managerQueryable(manager), events);
      return true;
    });
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

  /**
   * Applies a change under a row lock, so a check such as "CLOSED is final" cannot race with an
   * authorization closing the card at the same moment.
   */
  async update(
    accountToken: string,
    token: string,
    change: (card: CardEntity) => CardPatch,
    now: Date,
    events: (before: CardEntity, after: CardEntity) => OutboxEvent[],
  ): Promise<{ before: CardEntity; after: CardEntity } | null> {
    return this.dataSource.transaction(async (tx: EntityManager) => {
      const repo = tx.getRepository(CardEntity);
      const before = await repo.findOne({
        where: { account_token: accountToken, token },
        lock: { mode: 'pessimistic_write' },
      });
      if (!before) return null;
      const patch = change(before);
      const after = repo.merge(repo.create({ ...before }), patch, { updated: now });
      await repo.update({ token }, { ...patch, updated: now });
      await writeOutbox(managerQueryable(tx), events(before, after));
      return { before, after };
    });
  }
}
