import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccount, IsUuid, toListResponse } from '#platform';
import { toFinancialAccountBalanceResponse, toFinancialTransactionResponse } from '#lithic-wire';
import type { AuthenticatedAccount } from '#persistence';
import { CardParamsDto } from '../cards/cards.dtos.js';
import { ListCardFinancialTransactionsQueryDto } from '../financial-accounts/financial-accounts.dtos.js';
import { FindFinancialTransactions } from '../financial-accounts/find-financial-transactions.use-case.js';
import { BalanceQueryDto } from './balances.dtos.js';
import { FindBalances } from './find-balances.use-case.js';

class CardFinancialTransactionParamsDto extends CardParamsDto {
  @IsUuid({ message: 'financial_transaction_token must be a UUID' })
  financial_transaction_token: string;
}

/** A card's money: its share of the ISSUING balance, and its transactions as financial ones. */
@ApiTags('Cards')
@Controller('v1/cards/:card_token')
export class CardBalancesController {
  constructor(
    @Inject(FindBalances) private readonly balances: FindBalances,
    @Inject(FindFinancialTransactions) private readonly financialTransactions: FindFinancialTransactions,
  ) {}

  @Get('balances')
  @ApiOperation({ summary: "The card's balance: its own transactions, now or as of a date or an event" })
  async balance(
    @CurrentAccount() caller: AuthenticatedAccount,
    @Param() params: CardParamsDto,
    @Query() query: BalanceQueryDto,
  ) {
    const found = await this.balances.ofCard(caller, params.card_token, query);
    return {
      data: [toFinancialAccountBalanceResponse(found.financialAccount, found.balance)],
      has_more: false,
    };
  }

  @Get('financial_transactions')
  @ApiOperation({ summary: "List the card's financial transactions, newest first" })
  async listFinancialTransactions(
    @CurrentAccount() caller: AuthenticatedAccount,
    @Param() params: CardParamsDto,
    @Query() query: ListCardFinancialTransactionsQueryDto,
  ) {
    return toListResponse(
      await this.financialTransactions.list(caller, { cardToken: params.card_token }, query),
      toFinancialTransactionResponse,
    );
  }

  @Get('financial_transactions/:financial_transaction_token')
  @ApiOperation({ summary: "Get one of the card's financial transactions" })
  async getFinancialTransaction(
    @CurrentAccount() caller: AuthenticatedAccount,
    @Param() params: CardFinancialTransactionParamsDto,
  ) {
    return toFinancialTransactionResponse(
      await this.financialTransactions.get(
        caller,
        { cardToken: params.card_token },
        params.financial_transaction_token,
      ),
    );
  }
}
