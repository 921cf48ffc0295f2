// The result codes the rule engine emits, each a member of the Lithic spec's enums: top-level
// `result` is `decline_result`, an event's `detailed_results[]` and `rule_results[].result` are
// `detailed_result`. decide.spec.ts checks both lists against the spec.

export const APPROVED = 'APPROVED';

export const DECLINE_RESULTS = [
  'CARD_PAUSED',
  'CARD_CLOSED',
  'INVALID_CARD_DETAILS',
  'INCORRECT_PIN',
  'SINGLE_USE_RECHARGED',
  'UNAUTHORIZED_MERCHANT',
  'USER_TRANSACTION_LIMIT',
  'ACCOUNT_PAUSED',
  'INACTIVE_ACCOUNT',
  'BANK_NOT_VERIFIED',
  'BANK_CONNECTION_ERROR',
  'DECLINED',
] as const;
export type DeclineResult = (typeof DECLINE_RESULTS)[number];

export const DETAILED_RESULTS = [
  'CARD_PAUSED',
  'CARD_CLOSED',
  'CARD_EXPIRED',
  'CARD_SECURITY_CODE_INCORRECT',
  'CARD_EXPIRY_DATE_INCORRECT',
  'CARD_PIN_INCORRECT',
  'SINGLE_USE_CARD_REATTEMPTED',
  'MERCHANT_LOCKED_CARD_ATTEMPTED_ELSEWHERE',
  'CARD_SPEND_LIMIT_EXCEEDED',
  'ACCOUNT_PAUSED',
  'ACCOUNT_INACTIVE',
  'ACCOUNT_DAILY_SPEND_LIMIT_EXCEEDED',
  'ACCOUNT_MONTHLY_SPEND_LIMIT_EXCEEDED',
  'ACCOUNT_LIFETIME_SPEND_LIMIT_EXCEEDED',
  // Lithic has no detail for an unverified or removed funding source: its generic one, with the
  // decline result (BANK_NOT_VERIFIED, BANK_CONNECTION_ERROR) saying which.
  'DECLINED',
  'AUTH_RULE',
  'AUTH_RULE_BLOCKED_MCC',
  'AUTH_RULE_BLOCKED_COUNTRY',
  'CARDHOLDER_CHALLENGED',
] as const;
export type DetailedResult = (typeof DETAILED_RESULTS)[number];

// What a stored transaction or event carries: APPROVED or one of the declines above.
export type TransactionResult = typeof APPROVED | DeclineResult;
export type TransactionDetailedResult = typeof APPROVED | DetailedResult;
