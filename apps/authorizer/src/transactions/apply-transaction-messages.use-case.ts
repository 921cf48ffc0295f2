import { Inject, Injectable } from '@nestjs/common';
import {
  adviseAmount,
  clear,
  countedAmount,
  counterDeltas,
  DomainError,
  expireHold,
  reverseReturn,
  voidHold,
  type Cents,
  type Transition,
  type VoidType,
} from '#domain';
import { Clock } from '#platform';
import { toTransactionResponse } from '#lithic-wire';
import {
  outboxEvent,
  TokenSource,
  toState,
  TransactionEntity,
  TransactionEventEntity,
  TransactionsRepository,
  UnitOfWork,
  type AuthenticatedAccount,
  type Queryable,
} from '#persistence';

/**
 * The network messages that change an existing transaction. Each runs in one transaction with the
 * transaction row locked, so two messages for it (a clearing racing a void) apply one after the
 * other; its event and card_transaction.updated commit with the change. A retry of a message whose
 * earlier run committed (and then crashed before answering) finds its claim and changes nothing.
 */
@Injectable()
export class ApplyTransactionMessages {
  constructor(
    @Inject(UnitOfWork) private readonly db: UnitOfWork,
    @Inject(TransactionsRepository) private readonly transactions: TransactionsRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(TokenSource) private readonly tokens: TokenSource,
  ) {}

  clear(account: AuthenticatedAccount, token: string, amount?: Cents, claim?: string) {
    return this.apply(account, token, (t) => clear(toState(t), amount), claim);
  }

  /** A reversal unless the message says it is an expiry. */
  void(account: AuthenticatedAccount, token: string, type?: VoidType, amount?: Cents, claim?: string) {
    const voidType = type ?? 'AUTHORIZATION_REVERSAL';
    return this.apply(account, token, (t) => voidHold(toState(t), voidType, amount), claim);
  }

  /** An expiry asked for by token (POST /v1/transactions/{token}/expire_authorization). */
  expire(account: AuthenticatedAccount, token: string, claim?: string) {
    return this.apply(account, token, (t) => expireHold(toState(t)), claim);
  }

  adviseAmount(account: AuthenticatedAccount, token: string, amount: Cents, claim?: string) {
    return this.apply(account, token, (t) => adviseAmount(toState(t), amount), claim);
  }

  reverseReturn(account: AuthenticatedAccount, token: string, claim?: string) {
    return this.apply(account, token, (t) => reverseReturn(toState(t)), claim);
  }

  private async apply(
    account: AuthenticatedAccount,
    token: string,
    next: (t: TransactionEntity) => Transition,
    claim?: string,
  ): Promise<TransactionEntity> {
    const now = this.clock.now(account);
    const updated = await this.db.transaction(async (tx) => {
      const current = await this.transactions.lock(tx, account.token, token);
      if (!current) return null;
      if (claim && (await this.transactions.messageApplied(tx, claim))) return current;
      return this.record(tx, current, next(current), now, claim ?? null);
    });
    if (!updated) throw new DomainError('NOT_FOUND', `Transaction ${token} not found`);
    return updated;
  }

  /** Writes a change with its event and card_transaction.updated, and the message's claim. */
  async record(
    tx: Queryable,
    current: TransactionEntity,
    change: Transition,
    now: Date,
    claim: string | null,
  ): Promise<TransactionEntity> {
    const after = Object.assign(new TransactionEntity(), current, {
      status: change.status,
      pending_amount: change.pendingAmount,
      settled_amount: change.settledAmount,
      updated: now,
    });
    const event = Object.assign(new TransactionEventEntity(), {
      token: this.tokens.uuid(),
      transaction_token: current.token,
      type: change.event.type,
      amount: change.event.amount,
      polarity: current.polarity,
      result: 'APPROVED',
      detailed_result: 'APPROVED',
      rule: null,
      explanation: null,
      created: now,
    });
    const events = [...(await this.transactions.events(tx, current.token)), event];
    const rendered = toTransactionResponse({ transaction: after, events });
    // The change lands in the bucket of the day the transaction was created, however long ago.
    const counted = (t: TransactionEntity) => countedAmount(toState(t));
    await this.transactions.applyMessage(
      tx,
      after,
      event,
      [outboxEvent(this.tokens, current.account_token, 'card_transaction.updated', rendered, now)],
      claim,
      counterDeltas(current.created, counted(current), counted(after)),
    );
    return after;
  }
}
