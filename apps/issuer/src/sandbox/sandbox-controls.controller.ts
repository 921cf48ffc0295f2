import { Controller, Delete, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '#domain';
import { apiKeyFrom, ApiKeyGuard, CurrentAccount, Public } from '#platform';
import { toCardResponse } from '#lithic-wire';
import { CardVault, type AuthenticatedAccount } from '#persistence';
import { CardParamsDto } from '../cards/cards.dtos.js';
import { FulfilCards } from '../cards/fulfil-cards.use-case.js';
import { SandboxAccountResponseDto, SandboxAccountParamsDto } from './sandbox-controls.dtos.js';
import { ManageSandboxAccounts } from './manage-sandbox-accounts.use-case.js';

/**
 * Sandbox extensions with no Lithic equivalent: tenants on demand, reset, shipping a physical card
 * (the clock is the authorizer's).
 */
@ApiTags('Sandbox controls')
@Controller('sandbox')
export class SandboxControlsController {
  constructor(
    @Inject(ManageSandboxAccounts) private readonly controls: ManageSandboxAccounts,
    @Inject(ApiKeyGuard) private readonly keys: ApiKeyGuard,
    @Inject(FulfilCards) private readonly fulfil: FulfilCards,
    @Inject(CardVault) private readonly vault: CardVault,
  ) {}

  @Public()
  @Post('accounts')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create an isolated account with its own API key',
    description: 'Authenticate with any valid API key, or with SANDBOX_ADMIN_KEY when that is set.',
  })
  @ApiCreatedResponse({ type: SandboxAccountResponseDto })
  async createAccount(@Req() request: FastifyRequest) {
    if (this.controls.adminRequired()) {
      if (!this.controls.isAdmin(apiKeyFrom(request.headers.authorization))) {
        throw new DomainError(
          'UNAUTHENTICATED',
          'Creating accounts needs SANDBOX_ADMIN_KEY in the Authorization header',
        );
      }
    } else {
      await this.keys.authenticate(request);
    }
    return this.controls.create();
  }

  @Public()
  @Delete('accounts/:account_token')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an account and all its data (its own key, or SANDBOX_ADMIN_KEY)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  async deleteAccount(@Req() request: FastifyRequest, @Param() params: SandboxAccountParamsDto) {
    const caller = this.controls.isAdmin(apiKeyFrom(request.headers.authorization))
      ? 'admin'
      : await this.keys.authenticate(request);
    await this.controls.delete(caller, params.account_token);
  }

  @Post('reset')
  @HttpCode(204)
  @ApiOperation({ summary: "Delete the caller's cards, transactions and events; keep the account and key" })
  @ApiNoContentResponse({ description: 'Reset' })
  async reset(@CurrentAccount() account: AuthenticatedAccount) {
    await this.controls.reset(account);
  }

  @Post('cards/:card_token/ship')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Ship a PHYSICAL card: PENDING_FULFILLMENT becomes PENDING_ACTIVATION (card.shipped)',
    description:
      "Stands in for Lithic's daily fulfilment batch. Activate the card afterwards with " +
      'PATCH /v1/cards/{card_token} {"state": "OPEN"}, as a Lithic integration does on receipt.',
  })
  @ApiOkResponse({ description: 'The card as GET /v1/cards/{card_token} shows it, now PENDING_ACTIVATION' })
  async shipCard(@CurrentAccount() account: AuthenticatedAccount, @Param() params: CardParamsDto) {
    const { card, pan } = await this.fulfil.ship(account, params.card_token);
    return toCardResponse(card, this.vault, { pan });
  }
}
