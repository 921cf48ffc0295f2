import { Inject, Injectable } from '@nestjs/common';
import { cardFunding, DomainError, type FundingSource } from '#domain';
import { numberedPageRequest } from '#platform';
import {
  CardsRepository,
  FundingSourcesRepository,
  TransactionsRepository,
  type AuthenticatedAccount,
  type CardEntity,
  type TransactionWithEvents,
} from '#persistence';
import type { ApprovalStatus, PrivacyListTransactionsQueryDto } from './privacy-transactions.dtos.js';

const RESULT_OF: Record<ApprovalStatus, 'APPROVED' | 'DECLINED' | undefined> = {
  all: undefined,
  approvals: 'APPROVED',
  declines: 'DECLINED',
};

/** A transaction as Privacy shows it: with its whole card and the funding account it drew on. */
export interface PrivacyTransactionView extends TransactionWithEvents {
  card: CardEntity;
  funding: FundingSource;
}

/** Privacy's transaction lists: a numbered page of the account's transactions, whichever API made them. */
@Injectable()
export class FindPrivacyTransactions {
  constructor(
    @Inject(TransactionsRepository) private readonly transactions: TransactionsRepository,
    @Inject(CardsRepository) private readonly cards: CardsRepository,
    @Inject(FundingSourcesRepository) private readonly funding: FundingSourcesRepository,
  ) {}

  async list(account: AuthenticatedAccount, status: ApprovalStatus, query: PrivacyListTransactionsQueryDto) {
    const request = numberedPageRequest(query);
    const [found, sources] = await Promise.all([
      this.transactions.numbered(
        account.token,
        {
          cardToken: query.card_token,
          transactionToken: query.transaction_token,
          result: RESULT_OF[status],
        },
        request,
      ),
      this.funding.all(account.token),
    ]);
    if (!sources) throw new DomainError('UNAUTHENTICATED', 'Unknown API key: its account was deleted');
    const cards = new Map(
      (
        await this.cards.findMany(account.token, [
          ...new Set(found.data.map((t) => t.transaction.card_token)),
        ])
      ).map((card) => [card.token, card]),
    );
    const data: PrivacyTransactionView[] = found.data.map((t) => {
      const card = cards.get(t.transaction.card_token)!;
      return { ...t, card, funding: cardFunding(card.funding_token, sources) };
    });
    return { request, total: found.total, data };
  }
}
