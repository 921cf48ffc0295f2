import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
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
import type { AuthenticatedAccount } from '#persistence';
import {
  AdvanceClockDto,
  ClockResponseDto,
  SandboxAccountResponseDto,
  SandboxAccountParamsDto,
} from './sandbox-controls.dtos.js';
import { SandboxControlsService } from './sandbox-controls.service.js';

/** Sandbox extensions with no Lithic equivalent: tenants on demand, time control, reset. */
@ApiTags('Sandbox controls')
@Controller('sandbox')
export class SandboxControlsController {
  constructor(
    @Inject(SandboxControlsService) private readonly controls: SandboxControlsService,
    @Inject(ApiKeyGuard) private readonly keys: ApiKeyGuard,
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
    return this.controls.createAccount();
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
    await this.controls.deleteAccount(caller, params.account_token);
  }

  @Post('reset')
  @HttpCode(204)
  @ApiOperation({ summary: "Delete the caller's cards, transactions and events; keep the account and key" })
  @ApiNoContentResponse({ description: 'Reset' })
  async reset(@CurrentAccount() account: AuthenticatedAccount) {
    await this.controls.reset(account);
  }

  @Get('clock')
  @ApiOperation({ summary: "The caller's sandbox clock: real time plus an offset" })
  @ApiOkResponse({ type: ClockResponseDto })
  clock(@CurrentAccount() account: AuthenticatedAccount) {
    return this.controls.view(account);
  }

  @Post('clock/advance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the clock forward by seconds or an ISO-8601 duration (never backward)' })
  @ApiOkResponse({ type: ClockResponseDto })
  advance(@CurrentAccount() account: AuthenticatedAccount, @Body() body: AdvanceClockDto) {
    return this.controls.advance(account, body);
  }
}
