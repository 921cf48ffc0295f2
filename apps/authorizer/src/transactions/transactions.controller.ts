import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { DomainError, TRANSACTION_STATUSES } from '#domain';
import {
  CurrentAccount,
  IsOmittable,
  ListQueryDto,
  pageRequest,
  toListResponse,
  toTransactionResponse,
} from '#http';
import { TransactionsRepository, type AuthenticatedAccount } from '#persistence';

const STATUSES = TRANSACTION_STATUSES;

export class ListTransactionsQueryDto extends ListQueryDto {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsUUID()
  card_token?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsUUID()
  account_token?: string;

  @ApiPropertyOptional({ enum: ['APPROVED', 'DECLINED'] })
  @IsOmittable()
  @IsIn(['APPROVED', 'DECLINED'])
  result?: 'APPROVED' | 'DECLINED';

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOmittable()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];
}

export class TransactionTokenParams {
  @IsUUID(undefined, { message: 'transaction_token must be a UUID' })
  transaction_token: string;
}

@ApiTags('Transactions')
@Controller('v1/transactions')
export class TransactionsController {
  constructor(@Inject(TransactionsRepository) private readonly transactions: TransactionsRepository) {}

  @Get()
  @ApiOperation({ summary: 'List transactions, newest first, with their events' })
  async list(@CurrentAccount() account: AuthenticatedAccount, @Query() query: ListTransactionsQueryDto) {
    if (query.account_token && query.account_token !== account.token) return { data: [], has_more: false };
    const page = await this.transactions.list(
      account.token,
      { cardToken: query.card_token, result: query.result, status: query.status },
      pageRequest(query),
    );
    return toListResponse(page, toTransactionResponse);
  }

  @Get(':transaction_token')
  @ApiOperation({ summary: 'Get a transaction with its events' })
  async get(@CurrentAccount() account: AuthenticatedAccount, @Param() params: TransactionTokenParams) {
    const found = await this.transactions.findOne(account.token, params.transaction_token);
    if (!found) throw new DomainError('NOT_FOUND', `Transaction ${params.transaction_token} not found`);
    return toTransactionResponse(found);
  }
}
