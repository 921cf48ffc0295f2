import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccount, toListResponse } from '#platform';
import {
  toFinancialAccountBalanceResponse,
  toFinancialAccountResponse,
  toFinancialTransactionResponse,
} from '#lithic-wire';
import type { AuthenticatedAccount } from '#persistence';
import { BalanceQueryDto } from '../balances/balances.dtos.js';
import { FindBalances } from '../balances/find-balances.use-case.js';
import {
  FinancialAccountParamsDto,
  FinancialTransactionParamsDto,
  ListFinancialAccountsQueryDto,
  ListFinancialTransactionsQueryDto,
} from './financial-accounts.dtos.js';
import { FindFinancialAccounts } from './find-financial-accounts.use-case.js';
import { FindFinancialTransactions } from './find-financial-transactions.use-case.js';

@ApiTags('Financial accounts')
@Controller('v1/financial_accounts')
export class FinancialAccountsController {
  constructor(
    @Inject(FindFinancialAccounts) private readonly financialAccounts: FindFinancialAccounts,
    @Inject(FindBalances) private readonly balances: FindBalances,
    @Inject(FindFinancialTransactions) private readonly financialTransactions: FindFinancialTransactions,
  ) {}

  @Get()
  @ApiOperation({ summary: "List the caller's financial accounts: ISSUING and RESERVE" })
  async list(@CurrentAccount() caller: AuthenticatedAccount, @Query() query: ListFinancialAccountsQueryDto) {
    const data = await this.financialAccounts.list(caller, query);
    return { data: data.map(toFinancialAccountResponse), has_more: false };
  }

  @Get(':financial_account_token')
  @ApiOperation({ summary: 'Get a financial account' })
  async get(@CurrentAccount() caller: AuthenticatedAccount, @Param() params: FinancialAccountParamsDto) {
    return toFinancialAccountResponse(
      await this.financialAccounts.get(caller, params.financial_account_token),
    );
  }

  @Get(':financial_account_token/balances')
  @ApiOperation({ summary: "A financial account's balance, now or as of a date or an event" })
  async balance(
    @CurrentAccount() caller: AuthenticatedAccount,
    @Param() params: FinancialAccountParamsDto,
    @Query() query: BalanceQueryDto,
  ) {
    const found = await this.balances.ofFinancialAccount(caller, params.financial_account_token, query);
    return {
      data: [toFinancialAccountBalanceResponse(found.financialAccount, found.balance)],
      has_more: false,
    };
  }

  @Get(':financial_account_token/financial_transactions')
  @ApiOperation({ summary: "List a financial account's financial transactions, newest first" })
  async listFinancialTransactions(
    @CurrentAccount() caller: AuthenticatedAccount,
    @Param() params: FinancialAccountParamsDto,
    @Query() query: ListFinancialTransactionsQueryDto,
  ) {
    const scope = { financialAccountToken: params.financial_account_token };
    return toListResponse(
      await this.financialTransactions.list(caller, scope, query),
      toFinancialTransactionResponse,
    );
  }

  @Get(':financial_account_token/financial_transactions/:financial_transaction_token')
  @ApiOperation({ summary: 'Get a financial transaction' })
  async getFinancialTransaction(
    @CurrentAccount() caller: AuthenticatedAccount,
    @Param() params: FinancialTransactionParamsDto,
  ) {
    const scope = { financialAccountToken: params.financial_account_token };
    return toFinancialTransactionResponse(
      await this.financialTransactions.get(caller, scope, params.financial_transaction_token),
    );
  }
}
