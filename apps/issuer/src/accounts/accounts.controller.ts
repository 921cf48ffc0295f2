import { Body, Controller, Get, Inject, Param, Patch, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccount, ListQueryDto } from '#platform';
import { toAccountResponse } from '#lithic-wire';
import type { AuthenticatedAccount } from '#persistence';
import { AccountParamsDto, AccountSpendLimitsParamsDto, UpdateAccountDto } from './accounts.dtos.js';
import { FindAccounts } from './find-accounts.use-case.js';
import { UpdateAccount } from './update-account.use-case.js';

@ApiTags('Accounts')
@Controller('v1/accounts')
export class AccountsController {
  constructor(
    @Inject(FindAccounts) private readonly accounts: FindAccounts,
    @Inject(UpdateAccount) private readonly updateAccount: UpdateAccount,
  ) {}

  @Get()
  @ApiOperation({ summary: "List accounts: the caller's own" })
  async list(@CurrentAccount() caller: AuthenticatedAccount, @Query() query: ListQueryDto) {
    return { data: (await this.accounts.list(caller, query)).map(toAccountResponse), has_more: false };
  }

  @Get(':account_token')
  @ApiOperation({ summary: 'Get an account' })
  async get(@CurrentAccount() caller: AuthenticatedAccount, @Param() params: AccountParamsDto) {
    return toAccountResponse(await this.accounts.get(caller, params.account_token));
  }

  @Get(':account_token/spend_limits')
  @ApiOperation({ summary: "The account's limits, spend velocity and available amount per window" })
  spendLimits(@CurrentAccount() caller: AuthenticatedAccount, @Param() params: AccountSpendLimitsParamsDto) {
    return this.accounts.spendLimits(caller, params.account_token);
  }

  @Patch(':account_token')
  @ApiOperation({ summary: 'Update state or spend limits (unset by default)' })
  async update(
    @CurrentAccount() caller: AuthenticatedAccount,
    @Param() params: AccountParamsDto,
    @Body() body: UpdateAccountDto,
  ) {
    return toAccountResponse(await this.updateAccount.execute(caller, params.account_token, body));
  }
}
