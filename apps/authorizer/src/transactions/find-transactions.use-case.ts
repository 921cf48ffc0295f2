import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '#domain';
import { pageRequest } from '#platform';
import {
  TransactionsRepository,
  type AuthenticatedAccount,
  type Page,
  type TransactionWithEvents,
} from '#persistence';
import type { ListTransactionsQueryDto } from './transactions.dtos.js';

/** The reads: a transaction with its events, a page of them, their enhanced commercial data. */
@Injectable()
export class FindTransactions {
  constructor(@Inject(TransactionsRepository) private readonly transactions: TransactionsRepository) {}

  list(account: AuthenticatedAccount, query: ListTransactionsQueryDto): Promise<Page<TransactionWithEvents>> {
    // A key sees only its own account: another account's token lists nothing.
    if (query.account_token && query.account_token !== account.token)
      return Promise.resolve({ data: [], hasMore: false });
    return this.transactions.list(
      account.token,
      { cardToken: query.card_token, result: query.result, status: query.status },
      pageRequest(query),
    );
  }

  async get(account: AuthenticatedAccount, token: string): Promise<TransactionWithEvents> {
    const found = await this.transactions.findOne(account.token, token);
    if (!found) throw new DomainError('NOT_FOUND', `Transaction ${token} not found`);
    return found;
  }

  /**
   * L2/L3 data comes from the acquirer; no simulated merchant sends any, so the list is empty. The
   * spec lists no 404 for these two calls, so a token that names nothing of the caller's (unknown,
   * or another account's: the same answer) is a 400 naming the parameter.
   */
  async enhancedCommercialData(account: AuthenticatedAccount, token: string): Promise<{ data: [] }> {
    if (!(await this.transactions.findOne(account.token, token)))
      throw new DomainError(
        'VALIDATION',
        `transaction_token: no transaction of this account has the token ${token}`,
      );
    return { data: [] };
  }

  /** Never any for an event (see above): the caller's own event is a 400 that says why. */
  async eventEnhancedCommercialData(account: AuthenticatedAccount, eventToken: string): Promise<never> {
    if (!(await this.transactions.hasEvent(account.token, eventToken)))
      throw new DomainError(
        'VALIDATION',
        `event_token: no transaction event of this account has the token ${eventToken}`,
      );
    throw new DomainError(
      'VALIDATION',
      `event_token: transaction event ${eventToken} has no enhanced commercial data; the sandbox simulates none`,
    );
  }
}
