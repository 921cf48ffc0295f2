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

  /** L2/L3 data comes from the acquirer; no simulated merchant sends any, so the list is empty. */
  async enhancedCommercialData(account: AuthenticatedAccount, token: string): Promise<{ data: [] }> {
    await this.get(account, token);
    return { data: [] };
  }

  /**
   * Never any for an event (see above). The spec gives this call no 404 for a record that is absent,
   * so the caller's own event is a 400 that says why; another account's, as everywhere, a 404.
   */
  async eventEnhancedCommercialData(account: AuthenticatedAccount, eventToken: string): Promise<never> {
    if (!(await this.transactions.hasEvent(account.token, eventToken)))
      throw new DomainError('NOT_FOUND', `Transaction event ${eventToken} not found`);
    throw new DomainError(
      'VALIDATION',
      `event_token: transaction event ${eventToken} has no enhanced commercial data; the sandbox simulates none`,
    );
  }
}
