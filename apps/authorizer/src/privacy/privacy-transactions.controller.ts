import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccount, PAGE_PARAMS, PrivacyApi, PrivacyQuery } from '#platform';
import { toNumberedPage, toPrivacyCard, toPrivacyTransaction } from '#privacy-wire';
import { CardVault, type AuthenticatedAccount } from '#persistence';
import {
  FindPrivacyTransactions,
  type PrivacyTransactionView,
} from './find-privacy-transactions.use-case.js';
import {
  PrivacyListTransactionsQueryDto,
  PrivacyTransactionsParamsDto,
} from './privacy-transactions.dtos.js';

/** Privacy.com's transaction lists (singular `/v1/transaction/{all|approvals|declines}`). */
@ApiTags('Privacy.com')
@PrivacyApi()
@Controller('v1/transaction')
export class PrivacyTransactionsController {
  constructor(
    @Inject(FindPrivacyTransactions) private readonly transactions: FindPrivacyTransactions,
    @Inject(CardVault) private readonly vault: CardVault,
  ) {}

  @Get(':approval_status')
  @PrivacyQuery(...PAGE_PARAMS, 'card_token', 'transaction_token')
  @ApiOperation({
    summary: 'Privacy: list transactions (all, approvals or declines), newest first, by page number',
  })
  @ApiOkResponse({ description: "Privacy's page: {data: Transaction[], page, total_entries, total_pages}" })
  async list(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param() params: PrivacyTransactionsParamsDto,
    @Query() query: PrivacyListTransactionsQueryDto,
  ) {
    const found = await this.transactions.list(account, params.approval_status, query);
    return toNumberedPage(found, found.request, (view) => this.present(view));
  }

  // A transaction's card never carries its PAN or CVV: GET /v1/card shows them to the owner.
  private present({ card, funding, ...transaction }: PrivacyTransactionView) {
    return toPrivacyTransaction(transaction, toPrivacyCard(card, funding, null, this.vault));
  }
}
