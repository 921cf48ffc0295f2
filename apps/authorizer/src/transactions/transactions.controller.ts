import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccount, toListResponse } from '#platform';
import { toTransactionResponse } from '#lithic-wire';
import type { AuthenticatedAccount } from '#persistence';
import { ListTransactionsQueryDto, TransactionParamsDto } from './transactions.dtos.js';
import { FindTransactions } from './find-transactions.use-case.js';

@ApiTags('Transactions')
@Controller('v1/transactions')
export class TransactionsController {
  constructor(@Inject(FindTransactions) private readonly transactions: FindTransactions) {}

  @Get()
  @ApiOperation({ summary: 'List transactions, newest first, with their events' })
  async list(@CurrentAccount() account: AuthenticatedAccount, @Query() query: ListTransactionsQueryDto) {
    return toListResponse(await this.transactions.list(account, query), toTransactionResponse);
  }

  @Get(':transaction_token')
  @ApiOperation({ summary: 'Get a transaction with its events' })
  async get(@CurrentAccount() account: AuthenticatedAccount, @Param() params: TransactionParamsDto) {
    return toTransactionResponse(await this.transactions.get(account, params.transaction_token));
  }
}
