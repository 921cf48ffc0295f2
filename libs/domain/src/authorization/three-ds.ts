import { assertUnreachable, DomainError } from '../errors.js';
import { isExpired, type Card } from '../card/card.js';
import type { AccountSnapshot } from '../account/account.js';
import { evaluateRules, type RuleEvaluation, type RuleSubject, type RuleVersion } from './auth-rules.js';

// 3-D Secure, as the sandbox simulates it (docs/semantics.md, 3-D Secure): who decides an
// authentication and in which order, and how a challenge ends.

/** The one-time code that completes a simulated SMS challenge; any other code fails it. */
export const THREE_DS_TEST_OTP = '123456';

export type ThreeDsResult = 'SUCCESS' | 'DECLINE' | 'PENDING_CHALLENGE';
export type ThreeDsDecider = 'LITHIC_RULES' | 'LITHIC_DEFAULT' | 'CUSTOMER_RULES' | 'CUSTOMER_ENDPOINT';
export type CardExpiryCheck = 'MATCH' | 'MISMATCH' | 'NOT_PRESENT';
export type ChallengeMethod = 'SMS_OTP' | 'OUT_OF_BAND';
export type ChallengeStatus = 'PENDING' | 'SUCCESS' | 'ATTEMPTS_EXCEEDED' | 'CANCELED_OOB';

export interface ThreeDsVerdict {
  result: ThreeDsResult;
  decidedBy: ThreeDsDecider;
  /** In words: why it declined or challenged; null on success. */
  reason: string | null;
  /** Set when the result is PENDING_CHALLENGE: SMS by the sandbox, or out of band by the customer. */
  challenge: ChallengeMethod | null;
}

export interface ThreeDsRequest {
  card: Pick<Card, 'state' | 'expMonth' | 'expYear'>;
  account: AccountSnapshot;
  cardExpiryCheck: CardExpiryCheck;
  subject: RuleSubject;
}

/** The responder's answer (3DS decisioning), or what its failure falls back to. */
export type ThreeDsAnswer = 'APPROVE' | 'DECLINE' | 'CHALLENGE_REQUESTED';

/**
 * The sandbox's own verdict, before any 3DS responder: card and account state, expiry, the
 * merchant's expiry check, the THREE_DS_AUTHENTICATION rules (first that acts), then a merchant
 * name containing CHALLENGE. `null` verdict: nothing objected, the responder (or approval) decides.
 */
export function decideThreeDs(
  request: ThreeDsRequest,
  rules: RuleVersion[],
  now: Date,
  drafts: RuleVersion[] = [],
): { verdict: ThreeDsVerdict | null; evaluations: RuleEvaluation[]; shadow: RuleEvaluation[] } {
  const declined = (reason: string): ThreeDsVerdict => ({
    result: 'DECLINE',
    decidedBy: 'LITHIC_RULES',
    reason,
    challenge: null,
  });
  const { card, account } = request;
  const none = { evaluations: [], shadow: [] };
  if (card.state === 'PAUSED' || card.state === 'CLOSED')
    return { verdict: declined(`The card is ${card.state.toLowerCase()}.`), ...none };
  if (isExpired(card, now)) return { verdict: declined('The card has expired.'), ...none };
  if (request.cardExpiryCheck === 'MISMATCH')
    return { verdict: declined("The expiry date given does not match the card's."), ...none };
  if (account.state !== 'ACTIVE')
    return { verdict: declined(`The card's account is ${account.state.toLowerCase()}.`), ...none };
  // Drafts run in shadow wherever the active rules run, and decide nothing.
  const shadow = evaluateRules(drafts, request.subject).evaluations;
  const { evaluations, decisive } = evaluateRules(rules, request.subject);
  if (decisive) {
    const verdict: ThreeDsVerdict =
      decisive.action === 'CHALLENGE'
        ? {
            result: 'PENDING_CHALLENGE',
            decidedBy: 'CUSTOMER_RULES',
            reason: decisive.explanation,
            challenge: 'SMS_OTP',
          }
        : { result: 'DECLINE', decidedBy: 'CUSTOMER_RULES', reason: decisive.explanation, challenge: null };
    return { verdict, evaluations, shadow };
  }
  if (request.subject.descriptor.toUpperCase().includes('CHALLENGE'))
    return {
      verdict: {
        result: 'PENDING_CHALLENGE',
        decidedBy: 'LITHIC_DEFAULT',
        reason: 'The merchant name contains CHALLENGE, which always asks for a one-time code.',
        challenge: 'SMS_OTP',
      },
      evaluations,
      shadow,
    };
  return { verdict: null, evaluations, shadow };
}

/** What the customer's 3DS decisioning endpoint decided, as a verdict. */
export function threeDsAnswerVerdict(answer: ThreeDsAnswer): ThreeDsVerdict {
  switch (answer) {
    case 'APPROVE':
      return { result: 'SUCCESS', decidedBy: 'CUSTOMER_ENDPOINT', reason: null, challenge: null };
    case 'DECLINE':
      return {
        result: 'DECLINE',
        decidedBy: 'CUSTOMER_ENDPOINT',
        reason: "The account's 3DS decisioning endpoint declined it.",
        challenge: null,
      };
    case 'CHALLENGE_REQUESTED':
      return {
        result: 'PENDING_CHALLENGE',
        decidedBy: 'CUSTOMER_ENDPOINT',
        reason: "The account's 3DS decisioning endpoint asked for a challenge.",
        challenge: 'OUT_OF_BAND',
      };
    default:
      return assertUnreachable(answer);
  }
}

/** Reads the decisioning endpoint's answer; anything else is `null` (the fallback decides). */
export function readThreeDsAnswer(body: string): ThreeDsAnswer | null {
  try {
    const decision = (JSON.parse(body) as { three_ds_authentication_decision?: unknown } | null)
      ?.three_ds_authentication_decision;
    return decision === 'APPROVE' || decision === 'DECLINE' || decision === 'CHALLENGE_REQUESTED'
      ? decision
      : null;
  } catch {
    return null;
  }
}

export const APPROVED_BY_DEFAULT: ThreeDsVerdict = {
  result: 'SUCCESS',
  decidedBy: 'LITHIC_DEFAULT',
  reason: null,
  challenge: null,
};

/** How a pending challenge ends: the code entered (SMS), or the customer's response (out of band). */
export function completeChallenge(
  current: { result: string; challengeStatus: string | null; challengeMethod: string | null },
  outcome: { otp: string } | { response: 'APPROVE' | 'DECLINE_BY_CUSTOMER' },
): { result: ThreeDsResult; challengeStatus: ChallengeStatus } {
  if (current.result !== 'PENDING_CHALLENGE' || current.challengeStatus !== 'PENDING')
    throw new DomainError(
      'VALIDATION',
      `token: the authentication is ${current.result}, not waiting for a challenge (only one attempt is allowed)`,
    );
  const wanted: ChallengeMethod = 'otp' in outcome ? 'SMS_OTP' : 'OUT_OF_BAND';
  if (current.challengeMethod !== wanted)
    throw new DomainError(
      'VALIDATION',
      `token: the challenge is ${current.challengeMethod}; ${wanted === 'SMS_OTP' ? 'enter_otp completes an SMS_OTP one' : 'challenge_response answers an OUT_OF_BAND one'}`,
    );
  if ('otp' in outcome)
    return outcome.otp === THREE_DS_TEST_OTP
      ? { result: 'SUCCESS', challengeStatus: 'SUCCESS' }
      : { result: 'DECLINE', challengeStatus: 'ATTEMPTS_EXCEEDED' };
  return outcome.response === 'APPROVE'
    ? { result: 'SUCCESS', challengeStatus: 'SUCCESS' }
    : { result: 'DECLINE', challengeStatus: 'CANCELED_OOB' };
}
