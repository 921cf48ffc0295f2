import type { Cents } from '../money.js';
import { assertUnreachable } from '../errors.js';
import { type Card, type SpendLimitDuration, isExpired, merchantKey } from '../card/card.js';
import type { AccountSnapshot } from '../account/account.js';
import { checkPin } from '../card/pin.js';
import type { DeclineResult, DetailedResult } from './results.js';
import { fundingDecline, type FundingSourceState } from '../funding/funding-source.js';
import {
  evaluateRules,
  type ConditionalParameters,
  type RuleEvaluation,
  type RuleSubject,
  type RuleVersion,
  type VelocityUsage,
} from './auth-rules.js';

export const AUTHORIZATION_STATUSES = [
  'AUTHORIZATION',
  'BALANCE_INQUIRY',
  'CREDIT_AUTHORIZATION',
  'FINANCIAL_AUTHORIZATION',
  'FINANCIAL_CREDIT_AUTHORIZATION',
] as const;
export type AuthorizationStatus = (typeof AUTHORIZATION_STATUSES)[number];

export interface CardSnapshot extends Pick<
  Card,
  'type' | 'state' | 'spendLimit' | 'spendLimitDuration' | 'expMonth' | 'expYear' | 'lockedMerchant'
> {
  // Derived by the caller (CVVs are never stored) and compared with the charge's cvv when given.
  cvv: string;
  // A SINGLE_USE card that already approved a debit; that approval also closed it.
  consumed: boolean;
  // Whether the card was given a PIN (only its hash is stored).
  hasPin: boolean;
  // The state of the funding source the card names (Privacy's API); absent or null: the default, ENABLED.
  fundingState?: FundingSourceState | null;
}

export interface Charge {
  status: AuthorizationStatus;
  amount: Cents;
  descriptor: string;
  merchantAcceptorId?: string | null;
  // What auth rules read of the merchant (defaults as a simulated charge records them).
  mcc?: string;
  merchantCountry?: string;
  merchantCurrency?: string;
  cvv?: string;
  expMonth?: string;
  expYear?: string;
  // A PIN entered with the charge, and whether the caller's verifier matched it against the card's
  // hash (hashing is not the domain's); absent when no PIN was entered.
  pin?: { matches: boolean };
}

// Approved debits already in each window (pending holds + settled debits), summed by the caller
// over the windows from windows.ts.
export interface Usage {
  card: Cents;
  accountDaily: Cents;
  accountMonthly: Cents;
  accountLifetime: Cents;
}

// The checks in the order docs/semantics.md (deciding a charge) runs them; the first that fails decides. The real-time
// responder comes after these and is not part of the pure engine.
export const AUTHORIZATION_RULES = [
  'CARD_STATE',
  'EXPIRY',
  'CARD_DETAILS',
  'PIN',
  'SINGLE_USE',
  'MERCHANT_LOCK',
  'CARD_SPEND_LIMIT',
  'ACCOUNT',
  'FUNDING',
  'AUTH_RULE',
] as const;
export type RuleName = (typeof AUTHORIZATION_RULES)[number];

export type Approval = {
  approved: true;
  closeCard: boolean;
  lockMerchant: string | null;
  /** Every auth rule that ran, for the rule results; none acted. */
  evaluations?: RuleEvaluation[];
  /** Every draft version that ran in shadow (monitor-only): what it would have done. */
  shadowEvaluations?: RuleEvaluation[];
};
export type Decline = {
  approved: false;
  rule: RuleName;
  result: DeclineResult;
  detailedResult: DetailedResult;
  explanation: string;
  /** The auth rule version that declined, when rule is AUTH_RULE. */
  authRule?: { token: string; version: number; name: string | null };
  evaluations?: RuleEvaluation[];
  shadowEvaluations?: RuleEvaluation[];
};

/**
 * The account's promoted auth rules that apply to the card (oldest first), and their velocity
 * usage; and the draft versions of its active rules, which run in shadow (they record what they
 * would do, and never change the decision), with their own usage.
 */
export interface AuthRules {
  versions: RuleVersion[];
  velocity: Record<string, VelocityUsage>;
  drafts?: RuleVersion[];
  draftVelocity?: Record<string, VelocityUsage>;
}
export const NO_AUTH_RULES: AuthRules = { versions: [], velocity: {} };
export type Decision = Approval | Decline;

interface Request {
  card: CardSnapshot;
  account: AccountSnapshot;
  charge: Charge;
  usage: Usage;
  now: Date;
  authRules: AuthRules;
  evaluations: RuleEvaluation[];
  shadow: RuleEvaluation[];
}

export function decide(
  card: CardSnapshot,
  account: AccountSnapshot,
  charge: Charge,
  usage: Usage,
  now: Date,
  authRules: AuthRules = NO_AUTH_RULES,
): Decision {
  const request: Request = { card, account, charge, usage, now, authRules, evaluations: [], shadow: [] };
  // Only a card with auth rules carries their evaluations (to be recorded as rule results).
  const withEvaluations = <D extends Decision>(decision: D): D =>
    authRules.versions.length > 0 || (authRules.drafts?.length ?? 0) > 0
      ? { ...decision, evaluations: request.evaluations, shadowEvaluations: request.shadow }
      : decision;
  for (const rule of AUTHORIZATION_RULES) {
    const declined = check(rule, request);
    if (declined) return withEvaluations(declined);
  }
  return withEvaluations(approve(card, charge));
}

// Debits move money out of the account; only they use up limits, close single-use cards and lock
// merchant-locked ones.
export function isDebit(status: AuthorizationStatus): boolean {
  switch (status) {
    case 'AUTHORIZATION':
    case 'FINANCIAL_AUTHORIZATION':
      return true;
    case 'BALANCE_INQUIRY':
    case 'CREDIT_AUTHORIZATION':
    case 'FINANCIAL_CREDIT_AUTHORIZATION':
      return false;
    default:
      return assertUnreachable(status);
  }
}

function check(rule: RuleName, request: Request): Decline | null {
  switch (rule) {
    case 'CARD_STATE':
      return checkCardState(request);
    case 'EXPIRY':
      return checkExpiry(request);
    case 'CARD_DETAILS':
      return checkCardDetails(request);
    case 'PIN':
      return checkPinEntered(request);
    case 'SINGLE_USE':
      return checkSingleUse(request);
    case 'MERCHANT_LOCK':
      return checkMerchantLock(request);
    case 'CARD_SPEND_LIMIT':
      return checkCardSpendLimit(request);
    case 'ACCOUNT':
      return checkAccount(request);
    case 'FUNDING':
      return checkFunding(request);
    case 'AUTH_RULE':
      return checkAuthRules(request);
    default:
      return assertUnreachable(rule);
  }
}

function approve(card: CardSnapshot, charge: Charge): Approval {
  const debit = isDebit(charge.status);
  const locksNow = debit && card.type === 'MERCHANT_LOCKED' && card.lockedMerchant === '';
  return {
    approved: true,
    closeCard: debit && card.type === 'SINGLE_USE',
    lockMerchant: locksNow ? merchantKey(charge.descriptor, charge.merchantAcceptorId) : null,
  };
}

function decline(
  rule: RuleName,
  result: DeclineResult,
  detailedResult: DetailedResult,
  explanation: string,
): Decline {
  return { approved: false, rule, result, detailedResult, explanation };
}

function checkCardState({ card, charge }: Request): Decline | null {
  switch (card.state) {
    // Lithic's spec: a card waiting for its plastic takes e-commerce charges, and every simulated
    // charge is card-not-present (docs/semantics.md (physical cards)).
    case 'OPEN':
    case 'PENDING_FULFILLMENT':
    case 'PENDING_ACTIVATION':
      return null;
    case 'PAUSED':
      return decline(
        'CARD_STATE',
        'CARD_PAUSED',
        'CARD_PAUSED',
        'The card is paused; set its state back to OPEN before charging it.',
      );
    case 'CLOSED':
      // A used single-use card was closed by its own purchase: a debit on it is a reattempt, which the
      // single-use rule names, and credits (refunds of that purchase) still post (docs/semantics.md (cards)).
      if (card.type === 'SINGLE_USE' && card.consumed && charge.status !== 'BALANCE_INQUIRY') return null;
      return decline(
        'CARD_STATE',
        'CARD_CLOSED',
        'CARD_CLOSED',
        'The card is closed, and closing a card is final.',
      );
    default:
      return assertUnreachable(card.state);
  }
}

function checkExpiry({ card, now }: Request): Decline | null {
  if (!isExpired(card, now)) return null;
  return decline(
    'EXPIRY',
    'INVALID_CARD_DETAILS',
    'CARD_EXPIRED',
    `The card expired at the end of ${card.expMonth}/${card.expYear} (the sandbox clock reads ${now.toISOString()}).`,
  );
}

// Card-not-present checks: only the fields the charge supplies are compared.
function checkCardDetails({ card, charge }: Request): Decline | null {
  if (charge.cvv !== undefined && charge.cvv !== card.cvv) {
    return decline(
      'CARD_DETAILS',
      'INVALID_CARD_DETAILS',
      'CARD_SECURITY_CODE_INCORRECT',
      "The CVV given does not match the card's security code.",
    );
  }
  const wrongMonth = charge.expMonth !== undefined && Number(charge.expMonth) !== Number(card.expMonth);
  const wrongYear = charge.expYear !== undefined && Number(charge.expYear) !== Number(card.expYear);
  if (wrongMonth || wrongYear) {
    const given = [charge.expMonth, charge.expYear].filter((part) => part !== undefined).join('/');
    return decline(
      'CARD_DETAILS',
      'INVALID_CARD_DETAILS',
      'CARD_EXPIRY_DATE_INCORRECT',
      `The expiry date given (${given}) does not match the card's expiry date.`,
    );
  }
  return null;
}

function checkPinEntered({ card, charge }: Request): Decline | null {
  const check = checkPin(card, charge.pin);
  switch (check) {
    case 'NOT_ENTERED':
    case 'RIGHT':
      return null;
    case 'WRONG':
      return decline(
        'PIN',
        'INCORRECT_PIN',
        'CARD_PIN_INCORRECT',
        "The PIN entered does not match the card's PIN.",
      );
    case 'NOT_SET':
      return decline(
        'PIN',
        'INCORRECT_PIN',
        'CARD_PIN_INCORRECT',
        'A PIN was entered but the card has no PIN set, so it cannot be verified.',
      );
    default:
      return assertUnreachable(check);
  }
}

function checkSingleUse({ card, charge }: Request): Decline | null {
  if (card.type !== 'SINGLE_USE' || !card.consumed || !isDebit(charge.status)) return null;
  return decline(
    'SINGLE_USE',
    'SINGLE_USE_RECHARGED',
    'SINGLE_USE_CARD_REATTEMPTED',
    'This single-use card was already used for a purchase, which closed it, so it cannot be charged again.',
  );
}

// Until the first approved debit the card is not locked to anyone, so any merchant may use it.
function checkMerchantLock({ card, charge }: Request): Decline | null {
  if (card.type !== 'MERCHANT_LOCKED' || card.lockedMerchant === '') return null;
  const attempted = merchantKey(charge.descriptor, charge.merchantAcceptorId);
  if (attempted === card.lockedMerchant) return null;
  return decline(
    'MERCHANT_LOCK',
    'UNAUTHORIZED_MERCHANT',
    'MERCHANT_LOCKED_CARD_ATTEMPTED_ELSEWHERE',
    `The card is locked to the merchant "${card.lockedMerchant}" and cannot be used at "${attempted}".`,
  );
}

const WINDOW_NAMES: Record<Exclude<SpendLimitDuration, 'TRANSACTION'>, string> = {
  MONTHLY: 'monthly',
  ANNUALLY: 'annual',
  FOREVER: 'lifetime',
};

// A spend limit of 0 means no limit (Lithic's convention).
function checkCardSpendLimit({ card, charge, usage }: Request): Decline | null {
  const limit = card.spendLimit;
  if (limit === 0 || !isDebit(charge.status)) return null;
  const duration = card.spendLimitDuration;
  switch (duration) {
    case 'TRANSACTION':
      if (charge.amount <= limit) return null;
      return decline(
        'CARD_SPEND_LIMIT',
        'USER_TRANSACTION_LIMIT',
        'CARD_SPEND_LIMIT_EXCEEDED',
        `${dollars(charge.amount)} is more than the card's ${dollars(limit)} per-transaction spend limit.`,
      );
    case 'MONTHLY':
    case 'ANNUALLY':
    case 'FOREVER':
      if (usage.card + charge.amount <= limit) return null;
      return decline(
        'CARD_SPEND_LIMIT',
        'USER_TRANSACTION_LIMIT',
        'CARD_SPEND_LIMIT_EXCEEDED',
        overLimit(`the card's ${dollars(limit)} ${WINDOW_NAMES[duration]}`, usage.card, charge.amount),
      );
    default:
      return assertUnreachable(duration);
  }
}

// The account's state binds every kind of charge; its limits, like the card's, only debits.
function checkAccount({ account, charge, usage }: Request): Decline | null {
  const state = checkAccountState(account);
  if (state || !isDebit(charge.status)) return state;
  const amount = charge.amount;
  return (
    checkAccountLimit('daily', account.dailySpendLimit, usage.accountDaily, amount) ??
    checkAccountLimit('monthly', account.monthlySpendLimit, usage.accountMonthly, amount) ??
    checkAccountLimit('lifetime', account.lifetimeSpendLimit, usage.accountLifetime, amount)
  );
}

/** A debit on a card whose funding source is not verified, or was removed, has nothing to draw on. */
function checkFunding({ card, charge }: Request): Decline | null {
  const declined = card.fundingState && isDebit(charge.status) ? fundingDecline(card.fundingState) : null;
  return declined && decline('FUNDING', declined.result, 'DECLINED', declined.explanation);
}

function checkAccountState(account: AccountSnapshot): Decline | null {
  switch (account.state) {
    case 'ACTIVE':
      return null;
    case 'PAUSED':
      return decline(
        'ACCOUNT',
        'ACCOUNT_PAUSED',
        'ACCOUNT_PAUSED',
        "The card's account is paused, so none of its cards can be charged.",
      );
    case 'CLOSED':
      return decline(
        'ACCOUNT',
        'INACTIVE_ACCOUNT',
        'ACCOUNT_INACTIVE',
        "The card's account is closed, so none of its cards can be charged.",
      );
    default:
      return assertUnreachable(account.state);
  }
}

const ACCOUNT_LIMIT_RESULTS = {
  daily: 'ACCOUNT_DAILY_SPEND_LIMIT_EXCEEDED',
  monthly: 'ACCOUNT_MONTHLY_SPEND_LIMIT_EXCEEDED',
  lifetime: 'ACCOUNT_LIFETIME_SPEND_LIMIT_EXCEEDED',
} as const satisfies Record<string, DetailedResult>;

// Account limits are unset by default (null); 0 is treated as unset too, as Lithic does.
function checkAccountLimit(
  window: keyof typeof ACCOUNT_LIMIT_RESULTS,
  limit: Cents | null,
  used: Cents,
  amount: Cents,
): Decline | null {
  if (limit === null || limit === 0 || used + amount <= limit) return null;
  return decline(
    'ACCOUNT',
    'USER_TRANSACTION_LIMIT',
    ACCOUNT_LIMIT_RESULTS[window],
    overLimit(`the account's ${dollars(limit)} ${window}`, used, amount),
  );
}

/** What an auth rule reads of a charge on this card. */
export function ruleSubject(card: Pick<CardSnapshot, 'state'>, charge: Charge): RuleSubject {
  return {
    mcc: charge.mcc ?? '5999',
    country: charge.merchantCountry ?? 'USA',
    currency: charge.merchantCurrency ?? 'USD',
    merchantId: charge.merchantAcceptorId ?? '',
    descriptor: charge.descriptor,
    amount: charge.amount,
    cardState: card.state,
    pinEntered: charge.pin !== undefined,
  };
}

// Auth rules judge debits only: a refund or a balance inquiry is never blocked by a spend control.
function checkAuthRules(request: Request): Decline | null {
  const { card, charge, authRules } = request;
  if (!isDebit(charge.status)) return null;
  const subject = ruleSubject(card, charge);
  // Drafts run in shadow on every debit the active versions see, whatever those decide.
  if (authRules.drafts?.length)
    request.shadow = evaluateRules(authRules.drafts, subject, authRules.draftVelocity).evaluations;
  if (authRules.versions.length === 0) return null;
  const { evaluations, decisive } = evaluateRules(authRules.versions, subject, authRules.velocity);
  request.evaluations = evaluations;
  if (!decisive) return null;
  const { rule } = decisive;
  const authRule = { token: rule.token, version: rule.version, name: rule.name };
  const explanation = decisive.explanation ?? `${rule.token} declined it.`;
  if (decisive.action === 'CHALLENGE')
    return { ...decline('AUTH_RULE', 'DECLINED', 'CARDHOLDER_CHALLENGED', explanation), authRule };
  return { ...decline('AUTH_RULE', authRuleResult(rule), authRuleDetail(rule), explanation), authRule };
}

function authRuleResult(rule: RuleVersion): DeclineResult {
  return rule.type === 'VELOCITY_LIMIT' ? 'USER_TRANSACTION_LIMIT' : 'UNAUTHORIZED_MERCHANT';
}

// Lithic's specific codes for a block on the merchant's category or country, else AUTH_RULE.
export function authRuleDetail(rule: RuleVersion): DetailedResult {
  if (rule.type !== 'CONDITIONAL_BLOCK' && rule.type !== 'CONDITIONAL_ACTION') return 'AUTH_RULE';
  const attributes = (rule.parameters as ConditionalParameters).conditions.map((c) => c.attribute);
  if (attributes.length === 1 && attributes[0] === 'MCC') return 'AUTH_RULE_BLOCKED_MCC';
  if (attributes.length === 1 && attributes[0] === 'COUNTRY') return 'AUTH_RULE_BLOCKED_COUNTRY';
  return 'AUTH_RULE';
}

function overLimit(whichLimit: string, used: Cents, amount: Cents): string {
  return `${dollars(used)} of ${whichLimit} spend limit is used; ${dollars(amount)} more would exceed it.`;
}

// Integer arithmetic, so no float rounding: 123456 -> "$1,234.56".
function dollars(cents: Cents): string {
  const whole = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+$)/g, ',');
  return `$${whole}.${String(cents % 100).padStart(2, '0')}`;
}
