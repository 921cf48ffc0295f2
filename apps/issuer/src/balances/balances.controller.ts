import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccount } from '#platform';
import { toBalanceResponse } from '#lithic-wire';
import type { AuthenticatedAccount } from '#persistence';
import { ListBalancesQueryDto } from './balances.dtos.js';
import { FindBalances } from './find-balances.use-case.js';

@ApiTags('Balances')
@Controller('v1/balances')
export class BalancesController {
  constructor(@Inject(FindBalances) private readonly balances: FindBalances) {}

  @Get()
  @ApiOperation({ summary: "The balances of the caller's financial accounts, now or as of a date" })
  async list(@CurrentAccount() caller: AuthenticatedAccount, @Query() query: ListBalancesQueryDto) {
    const found = await this.balances.list(caller, query);
    return { data: found.map((b) => toBalanceResponse(b.financialAccount, b.balance)), has_more: false };
  }
}
