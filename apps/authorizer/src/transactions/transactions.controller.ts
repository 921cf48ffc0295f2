import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, idempotencyClaim, toListResponse } from '#platform';
import { toTransactionResponse } from '#lithic-wire';
import type { AuthenticatedAccount } from '#persistence';
import {
  ListTransactionsQueryDto,
  TransactionEventParamsDto,
  TransactionParamsDto,
} from './transactions.dtos.js';
import { ExpireAuthorizations } from './expire-authorizations.use-case.js';
import { FindTransactions } from './find-transactions.use-case.js';

@ApiTags('Transactions')
@Controller('v1/transactions')
export class TransactionsController {
  constructor(
    @Inject(FindTransactions) private readonly transactions: FindTransactions,
    @Inject(ExpireAuthorizations) private readonly expire: ExpireAuthorizations,
  ) {}

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

  @Post(':transaction_token/expire_authorization')
  @HttpCode(202)
  @ApiOperation({ summary: 'Expire a pending authorization now (AUTHORIZATION_EXPIRY event, webhook)' })
  async expireAuthorization(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param() params: TransactionParamsDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.expire.now(account, params.transaction_token, idempotencyClaim(request));
  }

  @Get(':transaction_token/enhanced_commercial_data')
  @ApiOperation({ summary: "A transaction's L2/L3 data: always empty in the sandbox" })
  enhancedCommercialData(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param() params: TransactionParamsDto,
  ) {
    return this.transactions.enhancedCommercialData(account, params.transaction_token);
  }

  @Get('events/:event_token/enhanced_commercial_data')
  @ApiOperation({ summary: "An event's L2/L3 data: the sandbox has none (400)" })
  eventEnhancedCommercialData(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param() params: TransactionEventParamsDto,
  ) {
    return this.transactions.eventEnhancedCommercialData(account, params.event_token);
  }
}
