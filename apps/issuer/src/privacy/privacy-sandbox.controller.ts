import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Put,
  Query,
  Req,
} from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { apiKeyFrom, CurrentAccount } from '#platform';
import { toPrivacyFunding } from '#privacy-wire';
import type { AuthenticatedAccount } from '#persistence';
import { FindPrivacyCards } from './find-privacy-cards.use-case.js';
import { ManageFundingSources } from './manage-funding-sources.use-case.js';
import {
  ApiOriginsQueryDto,
  FundingSourceParamsDto,
  PrivacyWebhookDto,
  SetFundingSourceStateDto,
} from './privacy.dtos.js';
import { ManagePrivacyWebhook } from './manage-privacy-webhook.use-case.js';

/** Sandbox controls for Privacy's side of an account: what Privacy's dashboard does by hand. */
@ApiTags('Sandbox')
@Controller('sandbox/privacy')
export class PrivacySandboxController {
  constructor(
    @Inject(ManageFundingSources) private readonly funding: ManageFundingSources,
    @Inject(ManagePrivacyWebhook) private readonly webhook: ManagePrivacyWebhook,
    @Inject(FindPrivacyCards) private readonly cards: FindPrivacyCards,
  ) {}

  @Get('origins')
  @ApiOperation({ summary: 'Which API (LITHIC or PRIVACY) made each of these cards or transactions' })
  @ApiOkResponse({ description: '{data: {<token>: LITHIC | PRIVACY}}' })
  async origins(@CurrentAccount() account: AuthenticatedAccount, @Query() query: ApiOriginsQueryDto) {
    return { data: await this.cards.origins(account, query.tokens) };
  }

  @Get('webhook')
  @ApiOperation({ summary: "The account's Privacy webhook URL" })
  @ApiOkResponse({ description: '{url}' })
  getWebhook(@CurrentAccount() account: AuthenticatedAccount) {
    return this.webhook.get(account);
  }

  @Put('webhook')
  @ApiOkResponse({ description: '{url}' })
  @ApiOperation({
    summary:
      'Set the Privacy webhook URL: transactions POSTed with X-Privacy-HMAC, keyed by the API key sent here',
  })
  setWebhook(
    @CurrentAccount() account: AuthenticatedAccount,
    @Body() body: PrivacyWebhookDto,
    @Req() request: FastifyRequest,
  ) {
    // The guard authenticated this key, so it is there.
    return this.webhook.set(account, apiKeyFrom(request.headers.authorization)!, body.url);
  }

  @Delete('webhook')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop sending Privacy webhooks' })
  @ApiNoContentResponse({ description: 'Removed' })
  async removeWebhook(@CurrentAccount() account: AuthenticatedAccount): Promise<void> {
    await this.webhook.remove(account);
  }

  @Patch('funding_sources/:funding_token')
  @ApiOperation({ summary: 'Make an added funding source PENDING (unverified), REMOVED or ENABLED again' })
  @ApiOkResponse({ description: 'The funding account, in its new state' })
  async setFundingState(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param() params: FundingSourceParamsDto,
    @Body() body: SetFundingSourceStateDto,
  ) {
    return toPrivacyFunding(await this.funding.setState(account, params.funding_token, body.state));
  }
}
