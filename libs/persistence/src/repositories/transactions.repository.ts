import { IsNull, type DataSource } from 'typeorm';
import type {
  ApiFlavour,
  CounterDelta,
  RecordedEvent,
  TransactionState,
  WindowRead,
  WindowSums,
} from '#domain';
import { TransactionEntity, TransactionEventEntity } from '../entities/index.js';
import type { TransactionStatus } from '#domain';
import { outboxCtes, outboxValues, type OutboxEvent } from '../outbox.js';
import { counterCtes, counterValues, toWindowSums, windowSumsSql, windowValues } from '../spend-counters.js';
import { foundByKey, type Queryable, type Sql } from '../sql.js';
import { keysetPage, type Page, type PageRequest } from './keyset.js';
import { numberedPage, type NumberedPage, type NumberedPageRequest } from './numbered-page.js';

export interface TransactionWithEvents {
  transaction: TransactionEntity;
  events: TransactionEventEntity[];
}

export interface TransactionFilter {
  cardToken?: string;
  transactionToken?: string;
  result?: 'APPROVED' | 'DECLINED';
  status?: TransactionStatus;
}

/** The transaction ($1), locked, if it is the account's ($2) and no reservation waits on it (foundByKey). */
export const LOCK_TRANSACTION = `${foundByKey('transactions', 'token = $1 AND responder_deadline IS NULL', true)}
  SELECT * FROM found WHERE account_token = $2`;

export class TransactionsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sql: Sql,
  ) {}

  async findOne(accountToken: string, token: string): Promise<TransactionWithEvents | null> {
    const transaction = await this.dataSource
      .getRepository(TransactionEntity)
      .findOneBy({ account_token: accountToken, token, responder_deadline: IsNull() });
    if (!transaction) return null;
    return { transaction, events: (await this.eventsOf([token])).get(token) ?? [] };
  }

  async list(
    accountToken: string,
    filter: TransactionFilter,
    page: PageRequest,
  ): Promise<Page<TransactionWithEvents>> {
    const found = await keysetPage(this.decided(accountToken, filter), accountToken, page);
    return { hasMore: found.hasMore, data: await this.withEvents(found.data) };
  }

  /** Privacy's transaction lists: a numbered page of decided transactions with their events. */
  async numbered(
    accountToken: string,
    filter: TransactionFilter,
    page: NumberedPageRequest,
  ): Promise<NumberedPage<TransactionWithEvents>> {
    const found = await numberedPage(this.decided(accountToken, filter), page);
    return { total: found.total, data: await this.withEvents(found.data) };
  }

  /** The account's decided transactions that pass the filter, as a query to page. */
  private decided(accountToken: string, filter: TransactionFilter) {
    const qb = this.dataSource
      .getRepository(TransactionEntity)
      .createQueryBuilder('t')
      .where('t.account_token = :accountToken', { accountToken })
      // A reservation waiting for the responder is not decided yet: it is shown once settled.
      .andWhere('t.responder_deadline IS NULL');
    if (filter.cardToken) qb.andWhere('t.card_token = :cardToken', { cardToken: filter.cardToken });
    if (filter.transactionToken) qb.andWhere('t.token = :token', { token: filter.transactionToken });
    if (filter.status) qb.andWhere('t.status = :status', { status: filter.status });
    if (filter.result === 'APPROVED') qb.andWhere(`t.result = 'APPROVED'`);
    if (filter.result === 'DECLINED') qb.andWhere(`t.result <> 'APPROVED'`);
    return qb;
  }

  private async withEvents(transactions: TransactionEntity[]): Promise<TransactionWithEvents[]> {
    const events = await this.eventsOf(transactions.map((t) => t.token));
    return transactions.map((t) => ({ transaction: t, events: events.get(t.token) ?? [] }));
  }

  /** Marks a charge as simulated through Privacy's API (its `Authorization: api-key …` form). */
  async markApi(accountToken: string, token: string, api: ApiFlavour): Promise<void> {
    await this.sql.query(
      'txn_mark_api',
      'UPDATE transactions SET api = $3 WHERE token = $1 AND account_token = $2',
      [token, accountToken, api],
    );
  }

  /** Whether the account has a decided transaction with this event. */
  async hasEvent(accountToken: string, eventToken: string): Promise<boolean> {
    const rows = await this.sql.query(
      'txn_event_exists',
      `SELECT 1 FROM transaction_events e JOIN transactions t ON t.token = e.transaction_token
       WHERE e.token = $1 AND t.account_token = $2 AND t.responder_deadline IS NULL`,
      [eventToken, accountToken],
    );
    return rows.length > 0;
  }

  /**
   * The transaction locked FOR UPDATE, so two messages for it (a clearing racing a void) apply one
   * after the other. A reservation still waiting for the responder is not there yet.
   */
  async lock(tx: Queryable, accountToken: string, token: string): Promise<TransactionEntity | null> {
    const [row] = await tx.query<TransactionEntity>('txn_lock', LOCK_TRANSACTION, [token, accountToken]);
    return row ? toTransactionEntity(row) : null;
  }

  /** Whether a message with this Idempotency-Key claim already added its event. */
  async messageApplied(tx: Queryable, idempotencyClaim: string): Promise<boolean> {
    const rows = await tx.query(
      'txn_claim_applied',
      'SELECT 1 FROM transaction_events WHERE idempotency_claim = $1',
      [idempotencyClaim],
    );
    return rows.length > 0;
  }

  /** A transaction's events, oldest first. */
  events(db: Queryable, transactionToken: string): Promise<TransactionEventEntity[]> {
    return eventsIn(db, transactionToken);
  }

  /**
   * The transaction's new amounts and status, its new event, the outbox events and what the change
   * adds to the spend counters, in one statement.
   */
  async applyMessage(
    tx: Queryable,
    after: TransactionEntity,
    event: TransactionEventEntity,
    events: OutboxEvent[],
    idempotencyClaim: string | null,
    counters: CounterDelta[],
  ): Promise<void> {
    await tx.query(
      'txn_transition',
      `WITH u AS (UPDATE transactions SET status = $2, pending_amount = $3, settled_amount = $4, updated = $5 WHERE token = $1),
         ${outboxCtes(10)}, ${counterCtes(12)}
       INSERT INTO transaction_events (token, transaction_token, type, amount, polarity, result, detailed_result, created,
         idempotency_claim)
       VALUES ($6, $1, $7, $8, $9, 'APPROVED', 'APPROVED', $5, $11)`,
      [
        after.token,
        after.status,
        after.pending_amount,
        after.settled_amount,
        after.updated,
        event.token,
        event.type,
        event.amount,
        event.polarity,
        ...outboxValues(events),
        idempotencyClaim,
        ...counterValues(
          {
            cardToken: after.card_token,
            accountToken: after.account_token,
            mcc: after.mcc,
            merchantCountry: after.merchant_country,
          },
          counters,
        ),
      ],
    );
  }

  /**
   * Pending authorizations made before `realCutoff` shifted by each account's clock offset: the
   * candidates for expiry, which the domain confirms with each row locked.
   */
  async pendingBefore(
    db: Queryable,
    realCutoff: Date,
    accountToken?: string,
  ): Promise<{ token: string; accountToken: string; clockOffsetMs: number }[]> {
    const rows = await db.query<{ token: string; account_token: string; clock_offset_ms: string }>(
      accountToken ? 'stale_pending_account' : 'stale_pending_all',
      `SELECT t.token, t.account_token, a.clock_offset_ms
       FROM transactions t JOIN accounts a ON a.token = t.account_token
       WHERE t.status = 'PENDING' AND t.created < $1::timestamptz + a.clock_offset_ms * interval '1 millisecond'
         ${accountToken ? 'AND t.account_token = $2' : ''}
       ORDER BY t.created LIMIT 500`,
      accountToken ? [realCutoff, accountToken] : [realCutoff],
    );
    return rows.map((r) => ({
      token: r.token,
      accountToken: r.account_token,
      clockOffsetMs: Number(r.clock_offset_ms),
    }));
  }

  /** What one limit window of a card or an account reads (spend-counters.ts), outside a transaction. */
  async windowSums(
    scope: { cardToken: string } | { accountToken: string },
    read: WindowRead,
  ): Promise<WindowSums> {
    const [owner, token] =
      'cardToken' in scope
        ? (['card', scope.cardToken] as const)
        : (['account', scope.accountToken] as const);
    const [row] = await this.sql.query<Record<string, string>>(
      `window_sums_${owner}`,
      `SELECT ${windowSumsSql(owner, '$1', 2, 'w')}`,
      [token, ...windowValues(read)],
    );
    return toWindowSums(row, 'w');
  }

  /**
   * Every event of the account's decided transactions (of one card, when given) made at or before
   * `until`, oldest first, each with its transaction's polarity: what a balance is replayed from.
   */
  async recordedEvents(
    accountToken: string,
    scope: { cardToken?: string; until?: Date },
  ): Promise<RecordedEvent[]> {
    const rows = await this.sql.query<{
      token: string;
      transaction_token: string;
      type: string;
      amount: string;
      result: string;
      polarity: RecordedEvent['polarity'];
      created: Date;
    }>(
      'recorded_events',
      `SELECT e.token, e.transaction_token, e.type, e.amount, e.result, t.polarity, e.created
       FROM transaction_events e JOIN transactions t ON t.token = e.transaction_token
       WHERE t.account_token = $1 AND t.responder_deadline IS NULL
         AND ($2::uuid IS NULL OR t.card_token = $2) AND ($3::timestamptz IS NULL OR e.created <= $3)
       ORDER BY e.created, e.token`,
      [accountToken, scope.cardToken ?? null, scope.until ?? null],
    );
    return rows.map((r) => ({
      token: r.token,
      transactionToken: r.transaction_token,
      type: r.type,
      amount: Number(r.amount),
      result: r.result,
      polarity: r.polarity,
      created: new Date(r.created),
    }));
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

/** A transaction's events, oldest first, read inside the caller's transaction. */
export async function eventsIn(tx: Queryable, transactionToken: string): Promise<TransactionEventEntity[]> {
  const rows = await tx.query<TransactionEventEntity>(
    'txn_events',
    'SELECT * FROM transaction_events WHERE transaction_token = $1 ORDER BY created, token',
    [transactionToken],
  );
  return rows.map((row) => Object.assign(new TransactionEventEntity(), row, { amount: Number(row.amount) }));
}

/** The domain's view of a transaction, for its lifecycle rules. */
export function toState(t: TransactionEntity): TransactionState {
  return {
    status: t.status,
    polarity: t.polarity,
    pendingAmount: t.pending_amount,
    settledAmount: t.settled_amount,
  };
}

/** Raw rows carry bigint as strings; read them as the entity does. */
export function toTransactionEntity(row: TransactionEntity): TransactionEntity {
  return Object.assign(new TransactionEntity(), row, {
    authorization_amount: Number(row.authorization_amount),
    pending_amount: Number(row.pending_amount),
    settled_amount: Number(row.settled_amount),
    merchant_amount: Number(row.merchant_amount),
  });
}
