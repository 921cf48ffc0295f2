import { Body, Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiFlavourOf, CurrentAccount, idempotencyClaim, requestId } from '#platform';
import type { AuthenticatedAccount } from '#persistence';
import {
  SimulateAuthorizationAdviceDto,
  SimulateAuthorizationDto,
  SimulateClearingDto,
  SimulateMerchantMessageDto,
  SimulateTransactionMessageDto,
  SimulateVoidDto,
} from './simulate.dtos.js';
import { ApplyTransactionMessages } from '../transactions/apply-transaction-messages.use-case.js';
import { AuthorizeCharge } from './authorize-charge.use-case.js';
import { PostMerchantCredit } from './post-merchant-credit.use-case.js';
import { SimulatePrivacyCharges } from '../privacy/simulate-privacy-charges.use-case.js';

@ApiTags('Simulate')
@Controller('v1/simulate')
export class SimulateController {
  constructor(
    @Inject(AuthorizeCharge) private readonly authorizeCharge: AuthorizeCharge,
    @Inject(PostMerchantCredit) private readonly postCredit: PostMerchantCredit,
    @Inject(ApplyTransactionMessages) private readonly messages: ApplyTransactionMessages,
    @Inject(SimulatePrivacyCharges) private readonly privacy: SimulatePrivacyCharges,
  ) {}

  /**
   * A decline is an answer, not an error: it is returned (not thrown) as Lithic's 422, so an
   * Idempotency-Key replays it like an approval.
   */
  @Post('authorize')
  @HttpCode(201)
  @ApiOperation({ summary: 'Simulate an authorization; 201 approved, 422 declined with the reason' })
  async authorize(
    @CurrentAccount() account: AuthenticatedAccount,
    @Body() body: SimulateAuthorizationDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    // Privacy's clients (Authorization: api-key …) send the same body; their charge is marked as theirs.
    const privacy = apiFlavourOf(request) === 'PRIVACY';
    const claim = idempotencyClaim(request);
    const outcome = privacy
      ? await this.privacy.authorize(account, body, claim)
      : await this.authorizeCharge.execute(account, body, claim);
    if (outcome.approved) return { token: outcome.token, debugging_request_id: requestId(request) };
    void reply.status(422).header('x-should-retry', 'false');
    // Privacy's 422 is {debugging_request_id, message}; Lithic's adds the declined charge's token.
    return {
      debugging_request_id: requestId(request),
      message: outcome.explanation,
      ...(!privacy && { token: outcome.token }),
    };
  }

  @Post('clearing')
  @HttpCode(201)
  @ApiOperation({ summary: 'Settle a pending authorization (all of it, or the given amount)' })
  async clearing(
    @CurrentAccount() account: AuthenticatedAccount,
    @Body() body: SimulateClearingDto,
    @Req() request: FastifyRequest,
  ) {
    await this.messages.clear(account, body.token, body.amount, idempotencyClaim(request));
    return { debugging_request_id: requestId(request) };
  }

  @Post('void')
  @HttpCode(201)
  @ApiOperation({ summary: 'Reverse all or part of a hold, or expire it' })
  async void(
    @CurrentAccount() account: AuthenticatedAccount,
    @Body() body: SimulateVoidDto,
    @Req() request: FastifyRequest,
  ) {
    await this.messages.void(account, body.token, body.type, body.amount, idempotencyClaim(request));
    return { debugging_request_id: requestId(request) };
  }

  @Post('authorization_advice')
  @HttpCode(201)
  @ApiOperation({ summary: 'Replace the pending amount of an authorization' })
  async authorizationAdvice(
    @CurrentAccount() account: AuthenticatedAccount,
    @Body() body: SimulateAuthorizationAdviceDto,
    @Req() request: FastifyRequest,
  ) {
    const transaction = await this.messages.adviseAmount(
      account,
      body.token,
      body.amount,
      idempotencyClaim(request),
    );
    return { token: transaction.token, debugging_request_id: requestId(request) };
  }

  @Post('return')
  @HttpCode(201)
  @ApiOperation({ summary: 'A merchant refund: a new settled credit' })
  async return(
    @CurrentAccount() account: AuthenticatedAccount,
    @Body() body: SimulateMerchantMessageDto,
    @Req() request: FastifyRequest,
  ) {
    const claim = idempotencyClaim(request);
    return {
      token:
        apiFlavourOf(request) === 'PRIVACY'
          ? await this.privacy.return(account, body, claim)
          : await this.postCredit.execute(account, body, 'RETURN', claim),
      debugging_request_id: requestId(request),
    };
  }

  @Post('return_reversal')
  @HttpCode(201)
  @ApiOperation({ summary: 'Reverse a settled credit' })
  async returnReversal(
    @CurrentAccount() account: AuthenticatedAccount,
    @Body() body: SimulateTransactionMessageDto,
    @Req() request: FastifyRequest,
  ) {
    await this.messages.reverseReturn(account, body.token, idempotencyClaim(request));
    return { debugging_request_id: requestId(request) };
  }

  @Post('credit_authorization_advice')
  @HttpCode(201)
  @ApiOperation({ summary: 'A credit the network already approved; it holds until cleared' })
  async creditAuthorizationAdvice(
    @CurrentAccount() account: AuthenticatedAccount,
    @Body() body: SimulateMerchantMessageDto,
    @Req() request: FastifyRequest,
  ) {
    return {
      token: await this.postCredit.execute(
        account,
        body,
        'CREDIT_AUTHORIZATION_ADVICE',
        idempotencyClaim(request),
      ),
      debugging_request_id: requestId(request),
    };
  }
}
