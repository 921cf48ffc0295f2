import { Inject, Injectable } from '@nestjs/common';
import { CARD_SPEND_ACCOUNT, DomainError } from '#domain';
import { pageRequest } from '#platform';
import {
  CardsRepository,
  TransactionsRepository,
  type AuthenticatedAccount,
  type Page,
  type TransactionWithEvents,
} from '#persistence';
import type { ListFinancialTransactionsQueryDto } from './financial-accounts.dtos.js';
import { FindFinancialAccounts } from './find-financial-accounts.use-case.js';

/** Whose financial transactions: a financial account's, or one card's. */
export type FinancialTransactionScope = { financialAccountToken: string } | { cardToken: string };

const NONE: Page<TransactionWithEvents> = { data: [], hasMore: false };

/**
 * The reads: the account's card transactions as financial transactions. They all move its ISSUING
 * financial account; RESERVE has none, and no other category exists in the sandbox.
 */
@Injectable()
export class FindFinancialTransactions {
  constructor(
    @Inject(FindFinancialAccounts) private readonly financialAccounts: FindFinancialAccounts,
    @Inject(CardsRepository) private readonly cards: CardsRepository,
    @Inject(TransactionsRepository) private readonly transactions: TransactionsRepository,
  ) {}

  async list(
    caller: AuthenticatedAccount,
    scope: FinancialTransactionScope,
    query: Omit<ListFinancialTransactionsQueryDto, 'category'> & { category?: string },
  ): Promise<Page<TransactionWithEvents>> {
    const page = pageRequest(query);
    const cardToken = await this.cardOf(caller, scope);
    if (cardToken === null) return NONE;
    // RETURNED is an ACH status: no card transaction has it.
    if ((query.category && query.category !== 'CARD') || query.status === 'RETURNED') return NONE;
    return this.transactions.list(
      caller.token,
      { cardToken, result: query.result, status: query.status },
      page,
    );
  }

  async get(
    caller: AuthenticatedAccount,
    scope: FinancialTransactionScope,
    token: string,
  ): Promise<TransactionWithEvents> {
    const cardToken = await this.cardOf(caller, scope);
    const found = cardToken === null ? null : await this.transactions.findOne(caller.token, token);
    if (!found || (cardToken && found.transaction.card_token !== cardToken))
      throw new DomainError('NOT_FOUND', `Financial transaction ${token} not found`);
    return found;
  }

  /** The card to narrow to (undefined: the whole ISSUING account), or null when the scope has none. */
  private async cardOf(caller: AuthenticatedAccount, scope: FinancialTransactionScope) {
    if ('cardToken' in scope) {
      const card = await this.cards.findOne(caller.token, scope.cardToken);
      if (!card) throw new DomainError('NOT_FOUND', `Card ${scope.cardToken} not found`);
      return card.token;
    }
    const fa = await this.financialAccounts.get(caller, scope.financialAccountToken);
    return fa.type === CARD_SPEND_ACCOUNT ? undefined : null;
  }
}
