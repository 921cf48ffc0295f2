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

/** The reads: a transaction with its events, a page of them. */
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
}
