import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccount } from '#platform';
import { toThreeDsAuthenticationResponse } from '#lithic-wire';
import type { AuthenticatedAccount } from '#persistence';
import { ManageResponders } from '../responders/manage-responders.use-case.js';
import {
  ChallengeResponseDto,
  EnterOtpDto,
  SimulateThreeDsDto,
  ThreeDsAuthenticationParamsDto,
} from './three-ds.dtos.js';
import { SimulateThreeDs } from './simulate-three-ds.use-case.js';

/** 3-D Secure: simulated authentications, their challenges, and the 3DS decisioning secret. */
@ApiTags('3DS')
@Controller('v1')
export class ThreeDsController {
  constructor(
    @Inject(SimulateThreeDs) private readonly threeDs: SimulateThreeDs,
    @Inject(ManageResponders) private readonly responders: ManageResponders,
  ) {}

  @Post('three_ds_authentication/simulate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Simulate a 3DS authentication of a card (by PAN) at a merchant' })
  async simulate(@CurrentAccount() account: AuthenticatedAccount, @Body() body: SimulateThreeDsDto) {
    return { token: (await this.threeDs.authenticate(account, body)).token };
  }

  @Get('three_ds_authentication/:three_ds_authentication_token')
  @ApiOperation({ summary: 'Get a 3DS authentication' })
  async get(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param() params: ThreeDsAuthenticationParamsDto,
  ) {
    return toThreeDsAuthenticationResponse(
      await this.threeDs.get(account, params.three_ds_authentication_token),
    );
  }

  @Post('three_ds_decisioning/simulate/enter_otp')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enter the one-time code of a challenge: 123456 succeeds, any other fails' })
  async enterOtp(@CurrentAccount() account: AuthenticatedAccount, @Body() body: EnterOtpDto): Promise<void> {
    await this.threeDs.enterOtp(account, body);
  }

  @Post('three_ds_decisioning/challenge_response')
  @HttpCode(200)
  @ApiOperation({ summary: "Answer an out-of-band challenge the account's 3DS endpoint asked for" })
  async challengeResponse(
    @CurrentAccount() account: AuthenticatedAccount,
    @Body() body: ChallengeResponseDto,
  ): Promise<void> {
    await this.threeDs.respondToChallenge(account, body);
  }

  @Get('three_ds_decisioning/secret')
  @ApiOperation({ summary: 'The secret that signs 3DS decisioning requests (created on first read)' })
  async secret(@CurrentAccount() account: AuthenticatedAccount) {
    return { secret: await this.responders.secret(account.token, null, 'three_ds') };
  }

  @Post('three_ds_decisioning/secret/rotate')
  @HttpCode(204)
  @ApiOperation({ summary: 'Replace the 3DS decisioning secret' })
  async rotate(@CurrentAccount() account: AuthenticatedAccount): Promise<void> {
    await this.responders.rotateSecret(account, 'three_ds');
  }
}
