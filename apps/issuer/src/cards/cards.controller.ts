import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentAccount, idempotencyClaim, toListResponse } from '#platform';
import { toCardResponse } from '#lithic-wire';
import { CardVault, type AuthenticatedAccount } from '#persistence';
import {
  CardParamsDto,
  ConvertPhysicalCardDto,
  CreateCardDto,
  ListCardsQueryDto,
  ReissueCardDto,
  RenewCardDto,
  SearchByPanDto,
  UpdateCardDto,
} from './cards.dtos.js';
import { FindCards, type RevealedCard } from './find-cards.use-case.js';
import { CreateCard } from './create-card.use-case.js';
import { ProvisionCard } from './provision-card.use-case.js';
import { ProvisionCardDto, WebProvisionCardDto } from './provisioning.dtos.js';
import { UpdateCard } from './update-card.use-case.js';
import { FulfilCards } from './fulfil-cards.use-case.js';

@ApiTags('Cards')
@Controller('v1/cards')
export class CardsController {
  constructor(
    @Inject(FindCards) private readonly cards: FindCards,
    @Inject(CreateCard) private readonly createCard: CreateCard,
    @Inject(UpdateCard) private readonly updateCard: UpdateCard,
    @Inject(FulfilCards) private readonly fulfil: FulfilCards,
    @Inject(CardVault) private readonly vault: CardVault,
    @Inject(ProvisionCard) private readonly provisioning: ProvisionCard,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Create a card; returns its PAN and CVV' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key returns the same card',
  })
  async create(
    @CurrentAccount() account: AuthenticatedAccount,
    @Body() body: CreateCardDto,
    @Req() request: FastifyRequest,
  ) {
    // Idempotency-Key is honoured by IdempotencyGuard. It is not required: the official SDK
    // does not send one unless asked, and Lithic's spec marks it optional.
    return this.present(await this.createCard.execute(account, body, idempotencyClaim(request)));
  }

  @Get()
  @ApiOperation({ summary: 'List cards, newest first (no PAN or CVV)' })
  async list(@CurrentAccount() account: AuthenticatedAccount, @Query() query: ListCardsQueryDto) {
    return toListResponse(await this.cards.list(account, query), (card) =>
      toCardResponse(card, this.vault, false),
    );
  }

  @Post('search_by_pan')
  @HttpCode(200)
  @ApiOperation({ summary: 'Find a card by its PAN' })
  async searchByPan(@CurrentAccount() account: AuthenticatedAccount, @Body() body: SearchByPanDto) {
    return this.present(await this.cards.searchByPan(account, body.pan));
  }

  @Get(':card_token')
  @ApiOperation({ summary: 'Get a card with its PAN and CVV' })
  async get(@CurrentAccount() account: AuthenticatedAccount, @Param() params: CardParamsDto) {
    return this.present(await this.cards.get(account, params.card_token));
  }

  @Get(':card_token/spend_limits')
  @ApiOperation({ summary: "The card's limit, spend velocity and available amount per window" })
  spendLimits(@CurrentAccount() account: AuthenticatedAccount, @Param() params: CardParamsDto) {
    return this.cards.spendLimits(account, params.card_token);
  }

  @Patch(':card_token')
  @ApiOperation({ summary: 'Update state (CLOSED is final), memo or spend limit' })
  async update(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param() params: CardParamsDto,
    @Body() body: UpdateCardDto,
  ) {
    return this.present(await this.updateCard.execute(account, params.card_token, body));
  }

  @Post(':card_token/reissue')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reissue a PHYSICAL card: same PAN and expiry, a new plastic (counts toward 8)' })
  async reissue(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param() params: CardParamsDto,
    @Body() body: ReissueCardDto,
  ) {
    return this.present(await this.fulfil.reissue(account, params.card_token, body));
  }

  @Post(':card_token/renew')
  @HttpCode(200)
  @ApiOperation({ summary: 'Renew a PHYSICAL or VIRTUAL card: same PAN, a new expiry and so a new CVV' })
  async renew(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param() params: CardParamsDto,
    @Body() body: RenewCardDto,
  ) {
    return this.present(await this.fulfil.renew(account, params.card_token, body));
  }

  @Post(':card_token/convert_physical')
  @HttpCode(200)
  @ApiOperation({ summary: 'Convert an OPEN virtual card to PHYSICAL; it waits in PENDING_FULFILLMENT' })
  async convertPhysical(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param() params: CardParamsDto,
    @Body() body: ConvertPhysicalCardDto,
  ) {
    return this.present(await this.fulfil.convertPhysical(account, params.card_token, body));
  }

  @Post(':card_token/provision')
  @HttpCode(200)
  @ApiOperation({ summary: 'A simulated wallet provisioning payload (no PAN; not usable by a wallet)' })
  provision(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param() params: CardParamsDto,
    @Body() body: ProvisionCardDto,
  ) {
    return this.provisioning.inApp(account, params.card_token, body);
  }

  @Post(':card_token/web_provision')
  @HttpCode(200)
  @ApiOperation({
    summary: 'A simulated web push provisioning payload (Apple Pay JWS shape, Google Pay OPCs)',
  })
  webProvision(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param() params: CardParamsDto,
    @Body() body: WebProvisionCardDto,
  ) {
    return this.provisioning.onWeb(account, params.card_token, body);
  }

  private present({ card, pan }: RevealedCard) {
    return toCardResponse(card, this.vault, { pan });
  }
}
