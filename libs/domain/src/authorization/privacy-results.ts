import type { TransactionDetailedResult } from './results.js';

/** Privacy.com's transaction results: the 19 codes its API documents for `result`. */
export const PRIVACY_RESULTS = [
  'APPROVED',
  'CARD_PAUSED',
  'CARD_CLOSED',
  'GLOBAL_TRANSACTION_LIMIT',
  'GLOBAL_WEEKLY_LIMIT',
  'GLOBAL_MONTHLY_LIMIT',
  'USER_TRANSACTION_LIMIT',
  'UNAUTHORIZED_MERCHANT',
  'SINGLE_USE_RECHARGED',
  'BANK_CONNECTION_ERROR',
  'INSUFFICIENT_FUNDS',
  'MERCHANT_BLACKLIST',
  'INVALID_CARD_DETAILS',
  'BANK_NOT_VERIFIED',
  'INACTIVE_ACCOUNT',
  'ACCOUNT_STATE_TRANSACTION_FAIL',
  'UNKNOWN_HOST_TIMEOUT',
  'SWITCH_INOPERATIVE_ADVICE',
  'FRAUD_ADVICE',
] as const;
export type PrivacyResult = (typeof PRIVACY_RESULTS)[number];

/**
 * The one table from the sandbox's decisions (Lithic's detailed results) to Privacy's codes. A
 * detailed result added to results.ts does not compile until it has a row here. Privacy has no
 * code for an expired card or a wrong CVV, expiry or PIN: all are INVALID_CARD_DETAILS; it has no daily
 * or lifetime account limit either: both are its per-transaction "global" limit.
 */
export const PRIVACY_RESULT_OF: Record<TransactionDetailedResult, PrivacyResult> = {
  APPROVED: 'APPROVED',
  CARD_PAUSED: 'CARD_PAUSED',
  CARD_CLOSED: 'CARD_CLOSED',
  CARD_EXPIRED: 'INVALID_CARD_DETAILS',
  CARD_SECURITY_CODE_INCORRECT: 'INVALID_CARD_DETAILS',
  CARD_EXPIRY_DATE_INCORRECT: 'INVALID_CARD_DETAILS',
  CARD_PIN_INCORRECT: 'INVALID_CARD_DETAILS',
  SINGLE_USE_CARD_REATTEMPTED: 'SINGLE_USE_RECHARGED',
  MERCHANT_LOCKED_CARD_ATTEMPTED_ELSEWHERE: 'UNAUTHORIZED_MERCHANT',
  CARD_SPEND_LIMIT_EXCEEDED: 'USER_TRANSACTION_LIMIT',
  ACCOUNT_PAUSED: 'ACCOUNT_STATE_TRANSACTION_FAIL',
  ACCOUNT_INACTIVE: 'INACTIVE_ACCOUNT',
  ACCOUNT_DAILY_SPEND_LIMIT_EXCEEDED: 'GLOBAL_TRANSACTION_LIMIT',
  ACCOUNT_MONTHLY_SPEND_LIMIT_EXCEEDED: 'GLOBAL_MONTHLY_LIMIT',
  ACCOUNT_LIFETIME_SPEND_LIMIT_EXCEEDED: 'GLOBAL_TRANSACTION_LIMIT',
  // Lithic's generic detail: the decline result says which (see privacyResult).
  DECLINED: 'ACCOUNT_STATE_TRANSACTION_FAIL',
  // Auth Rules v2: a block is Privacy's merchant refusal; a velocity rule's decline result is
  // USER_TRANSACTION_LIMIT, which privacyResult reads from it. Privacy has no challenge: a
  // challenged authorization is refused like a blocked merchant.
  AUTH_RULE: 'UNAUTHORIZED_MERCHANT',
  AUTH_RULE_BLOCKED_MCC: 'UNAUTHORIZED_MERCHANT',
  AUTH_RULE_BLOCKED_COUNTRY: 'UNAUTHORIZED_MERCHANT',
  CARDHOLDER_CHALLENGED: 'UNAUTHORIZED_MERCHANT',
};

/** Details whose decline result, when it is one of Privacy's codes, names the decline better. */
const READ_FROM_RESULT: ReadonlySet<string> = new Set(['DECLINED', 'AUTH_RULE']);

/**
 * A stored decision as Privacy names it: by its detailed result through the table, except the
 * generic DECLINED and an auth rule's AUTH_RULE, whose decline result is Privacy's own code when it
 * is one (the funding declines BANK_NOT_VERIFIED and BANK_CONNECTION_ERROR, which Lithic kept from
 * Privacy; a velocity rule's USER_TRANSACTION_LIMIT). Rows
 * written by a rule this table does not know read as the generic decline rather than failing a list.
 */
export function privacyResult(detailedResult: string, result?: string): PrivacyResult {
  if (READ_FROM_RESULT.has(detailedResult) && (PRIVACY_RESULTS as readonly string[]).includes(result ?? ''))
    return result as PrivacyResult;
  return (
    (PRIVACY_RESULT_OF as Record<string, PrivacyResult | undefined>)[detailedResult] ??
    'ACCOUNT_STATE_TRANSACTION_FAIL'
  );
}
