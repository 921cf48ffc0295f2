import { Inject, Injectable } from '@nestjs/common';
import { balanceOf, CARD_SPEND_ACCOUNT, DomainError, type Balance } from '#domain';
import type { FinancialAccountRecord } from '#lithic-wire';
import { CardsRepository, TransactionsRepository, type AuthenticatedAccount } from '#persistence';
import { FindFinancialAccounts } from '../financial-accounts/find-financial-accounts.use-case.js';
import type { BalanceQueryDto, ListBalancesQueryDto } from './balances.dtos.js';

export interface FinancialAccountBalance {
  financialAccount: FinancialAccountRecord;
  balance: Balance;
}

const ZERO: Balance = { available: 0, pending: 0, total: 0, last: null };

/**
 * The reads: balances replayed from the account's own transaction events (docs/semantics.md,
 * "Balances"). Only ISSUING moves; RESERVE stays at zero.
 */
@Injectable()
export class FindBalances {
  constructor(
    @Inject(FindFinancialAccounts) private readonly financialAccounts: FindFinancialAccounts,
    @Inject(CardsRepository) private readonly cards: CardsRepository,
    @Inject(TransactionsRepository) private readonly transactions: TransactionsRepository,
  ) {}

  /** `GET /v1/balances`: each of the caller's financial accounts, or those the query names. */
  async list(caller: AuthenticatedAccount, query: ListBalancesQueryDto): Promise<FinancialAccountBalance[]> {
    const accounts = await this.financialAccounts.list(caller, {
      account_token: query.account_token,
      business_account_token: query.business_account_token,
      type: query.financial_account_type,
    });
    if (accounts.length === 0) return [];
    const issuing = await this.replayTo(caller, {}, { balance_date: query.balance_date });
    return accounts.map((fa) => ({
      financialAccount: fa,
      balance: fa.type === CARD_SPEND_ACCOUNT ? issuing : ZERO,
    }));
  }

  async ofFinancialAccount(
    caller: AuthenticatedAccount,
    token: string,
    query: BalanceQueryDto,
  ): Promise<FinancialAccountBalance> {
    const fa = await this.financialAccounts.get(caller, token);
    if (fa.type !== CARD_SPEND_ACCOUNT) {
      if (query.last_transaction_event_token) throw eventNotFound(query.last_transaction_event_token);
      return { financialAccount: fa, balance: ZERO };
    }
    return { financialAccount: fa, balance: await this.replayTo(caller, {}, query) };
  }

  /** A card's share of its account's ISSUING balance: the same replay over its own transactions. */
  async ofCard(
    caller: AuthenticatedAccount,
    cardToken: string,
    query: BalanceQueryDto,
  ): Promise<FinancialAccountBalance> {
    const card = await this.cards.findOne(caller.token, cardToken);
    if (!card) throw new DomainError('NOT_FOUND', `Card ${cardToken} not found`);
    const fa = await this.financialAccounts.cardSpendAccount(caller);
    return { financialAccount: fa, balance: await this.replayTo(caller, { cardToken }, query) };
  }

  private async replayTo(
    caller: AuthenticatedAccount,
    scope: { cardToken?: string },
    query: BalanceQueryDto,
  ): Promise<Balance> {
    const through = query.last_transaction_event_token;
    const events = await this.transactions.recordedEvents(caller.token, {
      ...scope,
      until: dateOf(query.balance_date),
    });
    const balance = balanceOf(events, through);
    if (!balance) throw eventNotFound(through!);
    return balance;
  }
}

const dateOf = (value?: string) => (value ? new Date(value) : undefined);

function eventNotFound(token: string): DomainError {
  return new DomainError('NOT_FOUND', `last_transaction_event_token: transaction event ${token} not found`);
}
