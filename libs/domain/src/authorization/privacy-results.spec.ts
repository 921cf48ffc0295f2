import { describe, expect, it } from '@jest/globals';
import { DETAILED_RESULTS } from './results.js';
import { PRIVACY_RESULTS, PRIVACY_RESULT_OF, privacyResult } from './privacy-results.js';

describe("Privacy's result codes", () => {
  it('are the 19 codes Privacy documents', () => {
    expect(PRIVACY_RESULTS).toHaveLength(19);
    expect(new Set(PRIVACY_RESULTS).size).toBe(19);
  });

  it.each([
    ['APPROVED', 'APPROVED'],
    ['CARD_PAUSED', 'CARD_PAUSED'],
    ['CARD_CLOSED', 'CARD_CLOSED'],
    ['CARD_EXPIRED', 'INVALID_CARD_DETAILS'],
    ['CARD_SECURITY_CODE_INCORRECT', 'INVALID_CARD_DETAILS'],
    ['CARD_EXPIRY_DATE_INCORRECT', 'INVALID_CARD_DETAILS'],
    ['CARD_PIN_INCORRECT', 'INVALID_CARD_DETAILS'],
    ['SINGLE_USE_CARD_REATTEMPTED', 'SINGLE_USE_RECHARGED'],
    ['MERCHANT_LOCKED_CARD_ATTEMPTED_ELSEWHERE', 'UNAUTHORIZED_MERCHANT'],
    ['CARD_SPEND_LIMIT_EXCEEDED', 'USER_TRANSACTION_LIMIT'],
    ['ACCOUNT_PAUSED', 'ACCOUNT_STATE_TRANSACTION_FAIL'],
    ['ACCOUNT_INACTIVE', 'INACTIVE_ACCOUNT'],
    ['ACCOUNT_DAILY_SPEND_LIMIT_EXCEEDED', 'GLOBAL_TRANSACTION_LIMIT'],
    ['ACCOUNT_MONTHLY_SPEND_LIMIT_EXCEEDED', 'GLOBAL_MONTHLY_LIMIT'],
    ['ACCOUNT_LIFETIME_SPEND_LIMIT_EXCEEDED', 'GLOBAL_TRANSACTION_LIMIT'],
    ['AUTH_RULE_BLOCKED_MCC', 'UNAUTHORIZED_MERCHANT'],
    ['AUTH_RULE_BLOCKED_COUNTRY', 'UNAUTHORIZED_MERCHANT'],
    ['CARDHOLDER_CHALLENGED', 'UNAUTHORIZED_MERCHANT'],
    ['SOMETHING_NEW', 'ACCOUNT_STATE_TRANSACTION_FAIL'],
  ])('the decision %s reads as %s', (detailed, privacy) => {
    expect(privacyResult(detailed)).toBe(privacy);
  });

  it.each([
    ['DECLINED', 'BANK_NOT_VERIFIED', 'BANK_NOT_VERIFIED'],
    ['DECLINED', 'BANK_CONNECTION_ERROR', 'BANK_CONNECTION_ERROR'],
    ['DECLINED', 'SOMETHING_ELSE', 'ACCOUNT_STATE_TRANSACTION_FAIL'],
    ['CARD_PAUSED', 'BANK_NOT_VERIFIED', 'CARD_PAUSED'],
    ['AUTH_RULE', 'USER_TRANSACTION_LIMIT', 'USER_TRANSACTION_LIMIT'],
    ['AUTH_RULE', 'UNAUTHORIZED_MERCHANT', 'UNAUTHORIZED_MERCHANT'],
  ])('the generic %s with the result %s reads as %s', (detailed, result, privacy) => {
    expect(privacyResult(detailed, result)).toBe(privacy);
  });

  it('maps every detailed result the rule engine emits to one of them', () => {
    for (const detailed of ['APPROVED', ...DETAILED_RESULTS] as const)
      expect(PRIVACY_RESULTS).toContain(PRIVACY_RESULT_OF[detailed]);
  });
});
