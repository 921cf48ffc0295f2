import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccount, PrivacyApi, PrivacyQuery } from '#platform';
import { toPrivacyFunding } from '#privacy-wire';
import type { AuthenticatedAccount } from '#persistence';
import { ManageFundingSources } from './manage-funding-sources.use-case.js';
import { AddBankFundingSourceDto } from './privacy.dtos.js';

/** Privacy.com's funding accounts: a default checking account per account, and the banks added. */
@ApiTags('Privacy.com')
@PrivacyApi()
@PrivacyQuery()
@Controller('v1/fundingsource')
export class PrivacyFundingController {
  constructor(@Inject(ManageFundingSources) private readonly funding: ManageFundingSources) {}

  @Get()
  @ApiOperation({ summary: 'Privacy: list funding accounts' })
  @ApiOkResponse({
    description: 'Funding accounts: {account_name, created, last_four, nickname, state, token, type}[]',
  })
  async list(@CurrentAccount() account: AuthenticatedAccount) {
    return (await this.funding.list(account)).map(toPrivacyFunding);
  }

  @Get('bank')
  @ApiOperation({ summary: 'Privacy: list bank funding accounts' })
  @ApiOkResponse({ description: 'Bank funding accounts' })
  async banks(@CurrentAccount() account: AuthenticatedAccount) {
    return (await this.funding.list(account, 'bank')).map(toPrivacyFunding);
  }

  @Get('card')
  @ApiOperation({ summary: 'Privacy: list card funding accounts' })
  @ApiOkResponse({ description: 'Card funding accounts' })
  async cards(@CurrentAccount() account: AuthenticatedAccount) {
    return (await this.funding.list(account, 'card')).map(toPrivacyFunding);
  }

  @Post('bank')
  @HttpCode(200)
  @ApiOperation({ summary: 'Privacy: add a bank account (ABA routing number checked; ENABLED at once)' })
  @ApiOkResponse({ description: 'The funding account added' })
  async addBank(@CurrentAccount() account: AuthenticatedAccount, @Body() body: AddBankFundingSourceDto) {
    return toPrivacyFunding(await this.funding.addBank(account, body));
  }
}
