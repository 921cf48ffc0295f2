import { Inject, Injectable } from '@nestjs/common';
import {
  CARD_SPEND_ACCOUNT,
  DomainError,
  FINANCIAL_ACCOUNT_TYPES,
  financialAccountStatus,
  financialAccountToken,
  financialAccountType,
} from '#domain';
import type { FinancialAccountRecord } from '#lithic-wire';
import { AccountsRepository, type AuthenticatedAccount } from '#persistence';
import type { ListFinancialAccountsQueryDto } from './financial-accounts.dtos.js';

/** The reads: the caller's ISSUING and RESERVE financial accounts, derived from its account. */
@Injectable()
export class FindFinancialAccounts {
  constructor(@Inject(AccountsRepository) private readonly accounts: AccountsRepository) {}

  async list(
    caller: AuthenticatedAccount,
    query: ListFinancialAccountsQueryDto,
  ): Promise<FinancialAccountRecord[]> {
    // A key sees only its own account; the sandbox has no business accounts.
    if (query.account_token && query.account_token !== caller.token) return [];
    if (query.business_account_token) return [];
    const all = await this.ofCaller(caller);
    return query.type ? all.filter((fa) => fa.type === query.type) : all;
  }

  /** Another account's financial account is "not found", like an unknown token. */
  async get(caller: AuthenticatedAccount, token: string): Promise<FinancialAccountRecord> {
    const type = financialAccountType(caller.token, token);
    const found = type && (await this.ofCaller(caller)).find((fa) => fa.type === type);
    if (!found) throw new DomainError('NOT_FOUND', `Financial account ${token} not found`);
    return found;
  }

  /** The one card transactions move: a card's balance is its share of it. */
  async cardSpendAccount(caller: AuthenticatedAccount): Promise<FinancialAccountRecord> {
    return (await this.ofCaller(caller)).find((fa) => fa.type === CARD_SPEND_ACCOUNT)!;
  }

  private async ofCaller(caller: AuthenticatedAccount): Promise<FinancialAccountRecord[]> {
    const account = await this.accounts.findOne(caller.token);
    if (!account) throw new DomainError('NOT_FOUND', `Account ${caller.token} not found`);
    return FINANCIAL_ACCOUNT_TYPES.map((type) => ({
      token: financialAccountToken(account.token, type),
      account_token: account.token,
      type,
      status: financialAccountStatus(account.state),
      created: account.created,
      updated: account.updated,
    }));
  }
}
