import { Body, Controller, Get, HttpCode, Inject, Post, Put, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, idempotencyClaim, PAGE_PARAMS, PrivacyApi, PrivacyQuery } from '#platform';
import { toNumberedPage, toPrivacyCard } from '#privacy-wire';
import { CardVault, type AuthenticatedAccount } from '#persistence';
import { ChangePrivacyCards } from './change-privacy-cards.use-case.js';
import { FindPrivacyCards, type PrivacyCardView } from './find-privacy-cards.use-case.js';
import { PrivacyCreateCardDto, PrivacyListCardsQueryDto, PrivacyUpdateCardDto } from './privacy.dtos.js';

/** Privacy.com's card routes (singular `/v1/card`) over the same cards as Lithic's `/v1/cards`. */
@ApiTags('Privacy.com')
@PrivacyApi()
@Controller('v1/card')
export class PrivacyCardsController {
  constructor(
    @Inject(FindPrivacyCards) private readonly cards: FindPrivacyCards,
    @Inject(ChangePrivacyCards) private readonly change: ChangePrivacyCards,
    @Inject(CardVault) private readonly vault: CardVault,
  ) {}

  @Get()
  @PrivacyQuery(...PAGE_PARAMS, 'card_token')
  @ApiOperation({ summary: 'Privacy: list cards, newest first, by page number (with PAN and CVV)' })
  @ApiOkResponse({ description: "Privacy's page: {data: Card[], page, total_entries, total_pages}" })
  async list(@CurrentAccount() account: AuthenticatedAccount, @Query() query: PrivacyListCardsQueryDto) {
    const found = await this.cards.list(account, query);
    return toNumberedPage(found, found.request, (view) => this.present(view));
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Privacy: create a card' })
  @ApiOkResponse({ description: "Privacy's Card, with pan, cvv and funding" })
  async create(
    @CurrentAccount() account: AuthenticatedAccount,
    @Body() body: PrivacyCreateCardDto,
    @Req() request: FastifyRequest,
  ) {
    return this.present(await this.change.create(account, body, idempotencyClaim(request)));
  }

  @Put()
  @ApiOperation({ summary: 'Privacy: update a card (memo, funding, limit, state; CLOSED is final)' })
  @ApiOkResponse({ description: "Privacy's Card, with pan, cvv and funding" })
  async update(@CurrentAccount() account: AuthenticatedAccount, @Body() body: PrivacyUpdateCardDto) {
    return this.present(await this.change.update(account, body));
  }

  private present({ card, pan, funding }: PrivacyCardView) {
    return toPrivacyCard(card, funding, pan, this.vault);
  }
}
