import { Inject, Injectable } from '@nestjs/common';
import {
  APPROVED_BY_DEFAULT,
  completeChallenge,
  decideThreeDs,
  DomainError,
  threeDsAnswerVerdict,
  type ThreeDsVerdict,
} from '#domain';
import { Clock } from '#platform';
import { toThreeDsAuthenticationResponse, toThreeDsChallengeEvent } from '#lithic-wire';
import {
  CardVault,
  outboxEvent,
  ThreeDsAuthenticationEntity,
  ThreeDsRepository,
  TokenSource,
  UnitOfWork,
  type AuthenticatedAccount,
  type ThreeDsCard,
} from '#persistence';
import { ManageResponders } from '../responders/manage-responders.use-case.js';
import { ResponderClient } from '../responders/responder.client.js';
import type { ChallengeResponseDto, EnterOtpDto, SimulateThreeDsDto } from './three-ds.dtos.js';
import { resultRows } from '../auth-rules/charge-rules.js';
import { AuthRuleSets } from '../auth-rules/rule-sets.js';

/**
 * Simulated 3-D Secure (docs/semantics.md, 3-D Secure): an authentication decided by the card's
 * state, its THREE_DS_AUTHENTICATION rules, the CHALLENGE keyword and the account's 3DS
 * decisioning endpoint, in that order; a challenge ends with the code or the customer's response.
 */
@Injectable()
export class SimulateThreeDs {
  constructor(
    @Inject(UnitOfWork) private readonly db: UnitOfWork,
    @Inject(ThreeDsRepository) private readonly threeDs: ThreeDsRepository,
    @Inject(CardVault) private readonly vault: CardVault,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(TokenSource) private readonly tokens: TokenSource,
    @Inject(ManageResponders) private readonly responders: ManageResponders,
    @Inject(ResponderClient) private readonly responder: ResponderClient,
    @Inject(AuthRuleSets) private readonly ruleSets: AuthRuleSets,
  ) {}

  async authenticate(
    account: AuthenticatedAccount,
    input: SimulateThreeDsDto,
  ): Promise<ThreeDsAuthenticationEntity> {
    const card = await this.threeDs.findCard(
      this.db.autocommit,
      account.token,
      this.vault.panLookupHash(input.pan),
    );
    if (!card) throw new DomainError('VALIDATION', 'pan: no card of this account has this PAN');
    const now = this.clock.now(account);
    const auth = Object.assign(new ThreeDsAuthenticationEntity(), {
      token: this.tokens.uuid(),
      account_token: account.token,
      card_token: card.token,
      result: 'PENDING_DECISION',
      decision_made_by: 'LITHIC_DEFAULT',
      reason: null,
      challenge_method: null,
      challenge_status: null,
      merchant_id: input.merchant.id,
      merchant_name: input.merchant.name,
      merchant_mcc: input.merchant.mcc,
      merchant_country: input.merchant.country,
      amount: input.transaction.amount,
      currency: input.transaction.currency,
      card_expiry_check: input.card_expiry_check ?? 'MATCH',
      created: now,
      updated: now,
    });
    const rules = await this.ruleSets.of(this.db.autocommit, card, 'THREE_DS_AUTHENTICATION');
    const { verdict, evaluations, shadow } = decideThreeDs(
      {
        card: { state: card.state, expMonth: card.expMonth, expYear: card.expYear },
        account: card.account,
        cardExpiryCheck: input.card_expiry_check ?? 'MATCH',
        subject: {
          mcc: auth.merchant_mcc,
          country: auth.merchant_country,
          currency: auth.currency,
          merchantId: auth.merchant_id,
          descriptor: auth.merchant_name,
          amount: auth.amount,
          cardState: card.state,
          pinEntered: false,
          messageCategory: 'PAYMENT_AUTHENTICATION',
        },
      },
      rules.versions,
      now,
      rules.drafts,
    );
    // Asked outside any transaction, and only when the sandbox's own checks let it through.
    applyVerdict(auth, verdict ?? (await this.askEndpoint(account, card, auth)));
    const events = [
      outboxEvent(
        this.tokens,
        account.token,
        'three_ds_authentication.created',
        toThreeDsAuthenticationResponse(auth),
        now,
      ),
    ];
    if (auth.challenge_method === 'OUT_OF_BAND')
      events.push(
        outboxEvent(
          this.tokens,
          account.token,
          'three_ds_authentication.challenge',
          toThreeDsChallengeEvent(auth),
          now,
        ),
      );
    const results = resultRows(evaluations, shadow, (e) =>
      e.action ? [{ type: e.action, explanation: e.explanation ?? undefined }] : [],
    );
    await this.threeDs.insert(this.db.autocommit, auth, results, events);
    return auth;
  }

  async get(account: AuthenticatedAccount, token: string): Promise<ThreeDsAuthenticationEntity> {
    const found = await this.threeDs.find(this.db.autocommit, account.token, token);
    if (!found) throw new DomainError('NOT_FOUND', `3DS authentication ${token} not found`);
    return found;
  }

  /** The SMS code entered in the challenge UI: 123456 succeeds, anything else fails (one attempt). */
  enterOtp(account: AuthenticatedAccount, input: EnterOtpDto): Promise<void> {
    return this.complete(account, input.token, { otp: input.otp });
  }

  /** The customer's answer to an out-of-band challenge its endpoint asked for. */
  respondToChallenge(account: AuthenticatedAccount, input: ChallengeResponseDto): Promise<void> {
    return this.complete(account, input.token, { response: input.challenge_response });
  }

  private async complete(
    account: AuthenticatedAccount,
    token: string,
    outcome: { otp: string } | { response: 'APPROVE' | 'DECLINE_BY_CUSTOMER' },
  ): Promise<void> {
    const now = this.clock.now(account);
    await this.db.transaction(async (tx) => {
      const auth = await this.threeDs.find(tx, account.token, token, true);
      if (!auth) throw new DomainError('NOT_FOUND', `3DS authentication ${token} not found`);
      const done = completeChallenge(
        {
          result: auth.result,
          challengeStatus: auth.challenge_status,
          challengeMethod: auth.challenge_method,
        },
        outcome,
      );
      auth.result = done.result;
      auth.challenge_status = done.challengeStatus;
      auth.reason = done.result === 'SUCCESS' ? null : `The challenge failed (${done.challengeStatus}).`;
      auth.updated = now;
      await this.threeDs.update(tx, auth, [
        outboxEvent(
          this.tokens,
          account.token,
          'three_ds_authentication.updated',
          toThreeDsAuthenticationResponse(auth),
          now,
        ),
      ]);
    });
  }

  private async askEndpoint(
    account: AuthenticatedAccount,
    card: ThreeDsCard,
    auth: ThreeDsAuthenticationEntity,
  ): Promise<ThreeDsVerdict> {
    if (!card.responder) return APPROVED_BY_DEFAULT;
    const secret = await this.responders.secret(account.token, card.responder.secretSealed, 'three_ds');
    const answer = await this.responder.askThreeDs(
      card.responder.url,
      secret,
      auth.token,
      toThreeDsAuthenticationResponse(auth),
      account.token,
    );
    return threeDsAnswerVerdict(answer);
  }
}

function applyVerdict(auth: ThreeDsAuthenticationEntity, verdict: ThreeDsVerdict): void {
  auth.result = verdict.result;
  auth.decision_made_by = verdict.decidedBy;
  auth.reason = verdict.reason;
  auth.challenge_method = verdict.challenge;
  auth.challenge_status = verdict.challenge ? 'PENDING' : null;
}
