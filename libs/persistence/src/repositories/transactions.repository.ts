import type { DataSource } from 'typeorm';
import type { Transition } from '#domain';
import { TransactionEntity, TransactionEventEntity, type TransactionStatus } from '../entities/index.js';
import type { Queryable, Sql } from '../sql.js';
import { keysetPage, type Page, type PageRequest } from './keyset.js';

export interface TransactionWithEvents {
  transaction: TransactionEntity;
  events: TransactionEventEntity[];
}

export interface TransactionFilter {
  cardToken?: string;
  result?: 'APPROVED' | 'DECLINED';
  status?: TransactionStatus;
}

export class TransactionsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: Sql,
  ) {}

  async findOne(accountToken: string, token: string): Promise<TransactionWithEvents | null> {
    const transaction = await this.dataSource
      .getRepository(TransactionEntity)
      .findOneBy({ account_token: accountToken, token });
    if (!transaction) return null;
    return { transaction, events: (await this.eventsOf([token])).get(token) ?? [] };
  }

  async list(
    accountToken: string,
    filter: TransactionFilter,
    page: PageRequest,
  ): Promise<Page<TransactionWithEvents>> {
    const qb = this.dataSource
      .getRepository(TransactionEntity)
      .createQueryBuilder('t')
      .where('t.account_token = :accountToken', { accountToken });
    if (filter.cardToken) qb.andWhere('t.card_token = :cardToken', { cardToken: filter.cardToken });
    if (filter.status) qb.andWhere('t.status = :status', { status: filter.status });
    if (filter.result === 'APPROVED') qb.andWhere(`t.result = 'APPROVED'`);
    if (filter.result === 'DECLINED') qb.andWhere(`t.result <> 'APPROVED'`);
    const found = await keysetPage(qb, page);
    const events = await this.eventsOf(found.data.map((t) => t.token));
    return {
      hasMore: found.hasMore,
      data: found.data.map((t) => ({ transaction: t, events: events.get(t.token) ?? [] })),
    };
  }

  /**
   * Applies a network message to a transaction under a row lock, so two messages for the same
   * transaction (a clearing racing a void) apply one after the other.
   */
  async transition(
    accountToken: string,
    token: string,
    now: Date,
    next: (t: TransactionEntity) => Transition,
    eventToken: string,
  ): Promise<TransactionEntity | null> {
    return this.sql.transaction(async (tx) => {
      const rows = await tx.query<TransactionEntity>(
        'txn_lock',
        'SELECT * FROM transactions WHERE token = $1 AND account_token = $2 FOR UPDATE',
        [token, accountToken],
      );
      if (!rows[0]) return null;
      const current = toEntity(rows[0]);
      const change = next(current);
      await writeTransition(tx, current, change, now, eventToken);
      return Object.assign(current, {
        status: change.status,
        pending_amount: change.pendingAmount,
        settled_amount: change.settledAmount,
        updated: now,
      });
    });
  }

  /**
   * Expires pending authorizations made before each account's cutoff (its sandbox clock minus
   * `expiryDays`), releasing the holds and adding AUTHORIZATION_EXPIRY events. Rows another
   * message is working on are skipped; the next sweep takes them.
   */
  async expirePending(realNow: Date, expiryDays: number, accountToken?: string): Promise<number> {
    const rows = await this.sql.query<{ token: string }>(
      accountToken ? 'expire_pending_account' : 'expire_pending_all',
      `WITH stale AS (
         SELECT t.token, t.pending_amount, t.polarity,
                $1::timestamptz + a.clock_offset_ms * interval '1 millisecond' AS now
         FROM transactions t JOIN accounts a ON a.token = t.account_token
         WHERE t.status = 'PENDING'
           AND t.created < $1::timestamptz + a.clock_offset_ms * interval '1 millisecond' - $2 * interval '1 day'
           ${accountToken ? 'AND t.account_token = $3' : ''}
         FOR UPDATE OF t SKIP LOCKED),
       expired AS (
         UPDATE transactions t SET status = 'EXPIRED', pending_amount = 0, updated = stale.now
         FROM stale WHERE t.token = stale.token)
       INSERT INTO transaction_events (token, transaction_token, type, amount, polarity, result, detailed_result, created)
       SELECT gen_random_uuid(), token, 'AUTHORIZATION_EXPIRY', pending_amount, polarity, 'APPROVED', 'APPROVED', now
       FROM stale RETURNING transaction_token AS token`,
      accountToken ? [realNow, expiryDays, accountToken] : [realNow, expiryDays],
    );
    return rows.length;
  }

  /** Approved debits held or settled since `start`: what a limit window has used. */
  async usage(scope: { cardToken: string } | { accountToken: string }, start: Date): Promise<number> {
    const [column, value] =
      'cardToken' in scope ? ['card_token', scope.cardToken] : ['account_token', scope.accountToken];
    const rows = await this.sql.query<{ used: string }>(
      `usage_by_${column}`,
      `SELECT COALESCE(SUM(pending_amount + settled_amount), 0) AS used FROM transactions
       WHERE ${column} = $1 AND polarity = 'DEBIT' AND created >= $2`,
      [value, start],
    );
    return Number(rows[0].used);
  }

  private async eventsOf(tokens: string[]): Promise<Map<string, TransactionEventEntity[]>> {
    const byTransaction = new Map<string, TransactionEventEntity[]>();
    if (tokens.length === 0) return byTransaction;
    const events = await this.dataSource
      .getRepository(TransactionEventEntity)
      .createQueryBuilder('e')
      .where('e.transaction_token IN (:...tokens)', { tokens })
      .orderBy('e.created', 'ASC')
      .addOrderBy('e.token', 'ASC')
      .getMany();
    for (const event of events) {
      const list = byTransaction.get(event.transaction_token) ?? [];
      list.push(event);
      byTransaction.set(event.transaction_token, list);
    }
    return byTransaction;
  }
}

async function writeTransition(
  tx: Queryable,
  t: TransactionEntity,
  change: Transition,
  now: Date,
  eventToken: string,
) {
  await tx.query(
    'txn_transition',
    `WITH u AS (UPDATE transactions SET status = $2, pending_amount = $3, settled_amount = $4, updated = $5 WHERE token = $1)
     INSERT INTO transaction_events (token, transaction_token, type, amount, polarity, result, detailed_result, created)
     VALUES ($6, $1, $7, $8, $9, 'APPROVED', 'APPROVED', $5)`,
    [
      t.token,
      change.status,
      change.pendingAmount,
      change.settledAmount,
      now,
      eventToken,
      change.event.type,
      change.event.amount,
      t.polarity,
    ],
  );
}

/** Raw rows carry bigint as strings; read them as the entity does. */
function toEntity(row: TransactionEntity): TransactionEntity {
  return Object.assign(new TransactionEntity(), row, {
    authorization_amount: Number(row.authorization_amount),
    pending_amount: Number(row.pending_amount),
    settled_amount: Number(row.settled_amount),
    merchant_amount: Number(row.merchant_amount),
  });
}
