import type { Cents } from '../money.js';
import { assertUnreachable, DomainError } from '../errors.js';
import type { CardState } from '../card/card.js';

// Lithic's Auth Rules v2 (docs/semantics.md, auth rules): what a rule is, which of its inputs the
// sandbox can evaluate, and how one rule judges one event. Pure: the caller loads the rules that
// apply to the card and the velocity they need, and records what comes out.

export const AUTH_RULE_TYPES = [
  'CONDITIONAL_BLOCK',
  'VELOCITY_LIMIT',
  'MERCHANT_LOCK',
  'CONDITIONAL_ACTION',
] as const;
export type AuthRuleType = (typeof AUTH_RULE_TYPES)[number];

/** The streams the sandbox simulates; Lithic's others (ACH, tokenization) have no events here. */
export const AUTH_RULE_EVENT_STREAMS = ['AUTHORIZATION', 'THREE_DS_AUTHENTICATION'] as const;
export type AuthRuleEventStream = (typeof AUTH_RULE_EVENT_STREAMS)[number];

export const CONDITIONAL_OPERATIONS = [
  'IS_ONE_OF',
  'IS_NOT_ONE_OF',
  'MATCHES',
  'DOES_NOT_MATCH',
  'IS_EQUAL_TO',
  'IS_NOT_EQUAL_TO',
  'IS_GREATER_THAN',
  'IS_GREATER_THAN_OR_EQUAL_TO',
  'IS_LESS_THAN',
  'IS_LESS_THAN_OR_EQUAL_TO',
  'IS_AFTER',
  'IS_BEFORE',
  'CONTAINS_ANY',
  'CONTAINS_ALL',
  'CONTAINS_NONE',
] as const;
export type ConditionalOperation = (typeof CONDITIONAL_OPERATIONS)[number];

const TEXT_OPERATIONS = ['IS_ONE_OF', 'IS_NOT_ONE_OF', 'MATCHES', 'DOES_NOT_MATCH'] as const;
const NUMBER_OPERATIONS = [
  'IS_EQUAL_TO',
  'IS_NOT_EQUAL_TO',
  'IS_GREATER_THAN',
  'IS_GREATER_THAN_OR_EQUAL_TO',
  'IS_LESS_THAN',
  'IS_LESS_THAN_OR_EQUAL_TO',
] as const;

/**
 * The attributes a simulated event carries, by stream, and whether each is text or a number. The
 * spec lists more (CARD_TRANSACTION_COUNT_*, ADDRESS_MATCH, AMOUNT_Z_SCORE, ...); a rule naming one
 * of those is refused with a 400, never silently ignored.
 */
export const RULE_ATTRIBUTES = {
  AUTHORIZATION: {
    MCC: 'text',
    COUNTRY: 'text',
    CURRENCY: 'text',
    MERCHANT_ID: 'text',
    DESCRIPTOR: 'text',
    LIABILITY_SHIFT: 'text',
    PAN_ENTRY_MODE: 'text',
    TRANSACTION_AMOUNT: 'number',
    CASH_AMOUNT: 'number',
    RISK_SCORE: 'number',
    CARD_STATE: 'text',
    PIN_ENTERED: 'text',
    PIN_STATUS: 'text',
    WALLET_TYPE: 'text',
    TRANSACTION_INITIATOR: 'text',
  },
  THREE_DS_AUTHENTICATION: {
    MCC: 'text',
    COUNTRY: 'text',
    CURRENCY: 'text',
    MERCHANT_ID: 'text',
    DESCRIPTOR: 'text',
    TRANSACTION_AMOUNT: 'number',
    RISK_SCORE: 'number',
    MESSAGE_CATEGORY: 'text',
  },
} as const satisfies Record<AuthRuleEventStream, Record<string, 'text' | 'number'>>;
export type RuleAttribute =
  keyof (typeof RULE_ATTRIBUTES)['AUTHORIZATION'] | keyof (typeof RULE_ATTRIBUTES)['THREE_DS_AUTHENTICATION'];

export interface Condition {
  attribute: RuleAttribute;
  operation: ConditionalOperation;
  value: string | number | string[];
}

export type RuleAction = 'DECLINE' | 'CHALLENGE';

export interface ConditionalParameters {
  conditions: Condition[];
  /** CONDITIONAL_ACTION only; a CONDITIONAL_BLOCK always declines. */
  action?: RuleAction;
}

export type VelocityPeriod =
  | { type: 'CUSTOM'; duration: number }
  | { type: 'DAY' }
  | { type: 'WEEK'; day_of_week?: number }
  | { type: 'MONTH'; day_of_month?: number }
  | { type: 'YEAR'; month?: number; day_of_month?: number };

export interface VelocityFilters {
  include_mccs?: string[] | null;
  exclude_mccs?: string[] | null;
  include_countries?: string[] | null;
  exclude_countries?: string[] | null;
}

export interface VelocityParameters {
  scope: 'CARD' | 'ACCOUNT';
  period: VelocityPeriod;
  filters?: VelocityFilters;
  limit_amount?: Cents | null;
  limit_count?: number | null;
  limit_cash_amount?: Cents | null;
  limit_cash_count?: number | null;
}

export interface MerchantLockParameters {
  merchants: { merchant_id?: string; descriptor?: string; comment?: string }[];
}

export type RuleParameters = ConditionalParameters | VelocityParameters | MerchantLockParameters;

/** A rule's version as a decision uses it: the promoted (current) one, or a draft in a backtest. */
export interface RuleVersion {
  token: string;
  version: number;
  name: string | null;
  type: AuthRuleType;
  eventStream: AuthRuleEventStream;
  parameters: RuleParameters;
}

/** What a rule sees of an authorization or a 3-D Secure authentication. */
export interface RuleSubject {
  mcc: string;
  country: string;
  currency: string;
  merchantId: string;
  descriptor: string;
  amount: Cents;
  cardState: CardState;
  pinEntered: boolean;
  /** 3DS only: PAYMENT_AUTHENTICATION or NON_PAYMENT_AUTHENTICATION. */
  messageCategory?: string;
}

/** Approved debits of a velocity rule's window (after its filters), before this charge. */
export interface VelocityUsage {
  count: number;
  amount: Cents;
  cashCount: number;
  cashAmount: Cents;
}

export const NO_VELOCITY: VelocityUsage = { count: 0, amount: 0, cashCount: 0, cashAmount: 0 };

export interface RuleEvaluation {
  rule: RuleVersion;
  action: RuleAction | null;
  /** In words, for a rule that acted: which condition or limit matched. */
  explanation: string | null;
}

// ---------------------------------------------------------------------------------------------
// Validation: a rule's parameters as the API receives them, checked field by field.

const fail = (field: string, message: string): never => {
  throw new DomainError('VALIDATION', `${field}: ${message}`);
};
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

function onlyKeys(value: Record<string, unknown>, field: string, allowed: readonly string[]): void {
  const unknown = Object.keys(value).filter((k) => !allowed.includes(k));
  if (unknown.length > 0)
    fail(
      `${field}.${unknown[0]}`,
      `is not a parameter the sandbox supports (allowed: ${allowed.join(', ')})`,
    );
}

/** Checks a rule's parameters for its type and stream and returns them typed; a 400 names the field. */
export function parseRuleParameters(
  type: AuthRuleType,
  eventStream: AuthRuleEventStream,
  raw: unknown,
  field = 'parameters',
): RuleParameters {
  if (!isObject(raw)) return fail(field, 'must be an object');
  if (eventStream === 'THREE_DS_AUTHENTICATION' && type !== 'CONDITIONAL_ACTION')
    fail(
      'event_stream',
      `${type} rules run in the AUTHORIZATION stream only; use CONDITIONAL_ACTION for 3DS`,
    );
  switch (type) {
    case 'CONDITIONAL_BLOCK':
      onlyKeys(raw, field, ['conditions']);
      return { conditions: parseConditions(eventStream, raw.conditions, `${field}.conditions`) };
    case 'CONDITIONAL_ACTION': {
      onlyKeys(raw, field, ['action', 'conditions']);
      if (raw.action !== 'DECLINE' && raw.action !== 'CHALLENGE')
        fail(`${field}.action`, 'must be DECLINE or CHALLENGE');
      return {
        action: raw.action as RuleAction,
        conditions: parseConditions(eventStream, raw.conditions, `${field}.conditions`),
      };
    }
    case 'VELOCITY_LIMIT':
      return parseVelocity(raw, field);
    case 'MERCHANT_LOCK':
      return parseMerchantLock(raw, field);
    default:
      return assertUnreachable(type);
  }
}

function parseConditions(stream: AuthRuleEventStream, raw: unknown, field: string): Condition[] {
  if (!Array.isArray(raw) || raw.length === 0) return fail(field, 'must be a non-empty array of conditions');
  return raw.map((c, i) => parseCondition(stream, c, `${field}[${i}]`));
}

function parseCondition(stream: AuthRuleEventStream, raw: unknown, field: string): Condition {
  if (!isObject(raw)) return fail(field, 'must be an object');
  onlyKeys(raw, field, ['attribute', 'operation', 'value']);
  const attributes: Record<string, 'text' | 'number'> = RULE_ATTRIBUTES[stream];
  const attribute = raw.attribute;
  if (typeof attribute !== 'string') return fail(`${field}.attribute`, 'is required');
  const kind = attributes[attribute];
  if (!kind)
    fail(
      `${field}.attribute`,
      `${attribute} is not an attribute a simulated ${stream} event carries (supported: ${Object.keys(attributes).join(', ')})`,
    );
  const operation = raw.operation as ConditionalOperation;
  if (!CONDITIONAL_OPERATIONS.includes(operation))
    fail(`${field}.operation`, `must be one of ${CONDITIONAL_OPERATIONS.join(', ')}`);
  const allowed: readonly string[] = kind === 'text' ? TEXT_OPERATIONS : NUMBER_OPERATIONS;
  if (!allowed.includes(operation))
    fail(`${field}.operation`, `${operation} does not apply to ${attribute} (use ${allowed.join(', ')})`);
  const value = raw.value;
  switch (operation) {
    case 'IS_ONE_OF':
    case 'IS_NOT_ONE_OF':
      if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string'))
        fail(`${field}.value`, `${operation} takes a non-empty array of strings`);
      break;
    case 'MATCHES':
    case 'DOES_NOT_MATCH':
      if (typeof value !== 'string' || value.length > 1024)
        fail(`${field}.value`, `${operation} takes a regular expression (a string of up to 1024 characters)`);
      try {
        new RegExp(value as string);
      } catch {
        fail(`${field}.value`, 'is not a valid regular expression');
      }
      break;
    default:
      if (typeof value !== 'number' || !Number.isFinite(value))
        fail(`${field}.value`, `${operation} takes a number`);
  }
  return { attribute: attribute as RuleAttribute, operation, value: value as Condition['value'] };
}

const MCC_PATTERN = /^[0-9]{4}$/;
const COUNTRY_PATTERN = /^[A-Z]{3}$/;

function parseVelocity(raw: Record<string, unknown>, field: string): VelocityParameters {
  onlyKeys(raw, field, [
    'scope',
    'period',
    'filters',
    'limit_amount',
    'limit_count',
    'limit_cash_amount',
    'limit_cash_count',
  ]);
  if (raw.scope !== 'CARD' && raw.scope !== 'ACCOUNT') fail(`${field}.scope`, 'must be CARD or ACCOUNT');
  const limits: Partial<VelocityParameters> = {};
  for (const key of ['limit_amount', 'limit_count', 'limit_cash_amount', 'limit_cash_count'] as const) {
    const value = raw[key];
    if (value === undefined || value === null) continue;
    if (!isInt(value) || value < 0) fail(`${field}.${key}`, 'must be a non-negative integer or null');
    limits[key] = value as number;
  }
  if (Object.keys(limits).length === 0)
    fail(
      field,
      'a velocity limit needs at least one of limit_amount, limit_count, limit_cash_amount, limit_cash_count',
    );
  const parsed: VelocityParameters = {
    scope: raw.scope as 'CARD' | 'ACCOUNT',
    period: parsePeriod(raw.period, `${field}.period`),
    ...limits,
  };
  if (raw.filters !== undefined && raw.filters !== null)
    parsed.filters = parseFilters(raw.filters, `${field}.filters`);
  return parsed;
}

function parsePeriod(raw: unknown, field: string): VelocityPeriod {
  if (!isObject(raw)) return fail(field, 'must be an object with a type (CUSTOM, DAY, WEEK, MONTH, YEAR)');
  const bounded = (key: string, min: number, max: number): number | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (!isInt(value) || value < min || value > max)
      fail(`${field}.${key}`, `must be an integer from ${min} to ${max}`);
    return value as number;
  };
  const withOptional = <T extends object>(base: T, extra: Record<string, number | undefined>) => ({
    ...base,
    ...Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined)),
  });
  switch (raw.type) {
    case 'CUSTOM': {
      onlyKeys(raw, field, ['type', 'duration']);
      const duration = bounded('duration', 10, 7_776_000);
      if (duration === undefined) fail(`${field}.duration`, 'is required for a CUSTOM period');
      return { type: 'CUSTOM', duration: duration! };
    }
    case 'DAY':
      onlyKeys(raw, field, ['type']);
      return { type: 'DAY' };
    case 'WEEK':
      onlyKeys(raw, field, ['type', 'day_of_week']);
      return withOptional({ type: 'WEEK' as const }, { day_of_week: bounded('day_of_week', 1, 7) });
    case 'MONTH':
      onlyKeys(raw, field, ['type', 'day_of_month']);
      return withOptional({ type: 'MONTH' as const }, { day_of_month: bounded('day_of_month', 1, 31) });
    case 'YEAR': {
      onlyKeys(raw, field, ['type', 'month', 'day_of_month']);
      const month = bounded('month', 1, 12);
      const day = bounded('day_of_month', 1, 31);
      if (day !== undefined && day > daysInMonth(2024, month ?? 1))
        fail(`${field}.day_of_month`, `month ${month ?? 1} has no day ${day}`);
      return withOptional({ type: 'YEAR' as const }, { month, day_of_month: day });
    }
    default:
      return fail(`${field}.type`, 'must be one of CUSTOM, DAY, WEEK, MONTH, YEAR');
  }
}

function parseFilters(raw: unknown, field: string): VelocityFilters {
  if (!isObject(raw)) return fail(field, 'must be an object');
  onlyKeys(raw, field, ['include_mccs', 'exclude_mccs', 'include_countries', 'exclude_countries']);
  const filters: VelocityFilters = {};
  const list = (key: keyof VelocityFilters, pattern: RegExp, what: string) => {
    const value = raw[key];
    if (value === undefined || value === null) return;
    if (
      !Array.isArray(value) ||
      value.length === 0 ||
      !value.every((v) => typeof v === 'string' && pattern.test(v))
    )
      fail(`${field}.${key}`, `must be a non-empty array of ${what}`);
    filters[key] = value as string[];
  };
  list('include_mccs', MCC_PATTERN, 'four-digit MCCs');
  list('exclude_mccs', MCC_PATTERN, 'four-digit MCCs');
  list('include_countries', COUNTRY_PATTERN, 'ISO 3166-1 alpha-3 country codes');
  list('exclude_countries', COUNTRY_PATTERN, 'ISO 3166-1 alpha-3 country codes');
  return filters;
}

function parseMerchantLock(raw: Record<string, unknown>, field: string): MerchantLockParameters {
  onlyKeys(raw, field, ['merchants']);
  const merchants = raw.merchants;
  if (!Array.isArray(merchants) || merchants.length === 0)
    return fail(`${field}.merchants`, 'must be a non-empty array of merchants');
  return {
    merchants: merchants.map((m, i) => {
      const at = `${field}.merchants[${i}]`;
      if (!isObject(m)) return fail(at, 'must be an object');
      onlyKeys(m, at, ['merchant_id', 'descriptor', 'comment']);
      for (const key of ['merchant_id', 'descriptor', 'comment'] as const)
        if (m[key] !== undefined && typeof m[key] !== 'string') fail(`${at}.${key}`, 'must be a string');
      if (!m.merchant_id && !m.descriptor) fail(at, 'needs a merchant_id or a descriptor');
      return m as MerchantLockParameters['merchants'][number];
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Velocity windows. Fixed periods start at midnight Eastern Time, as Lithic's do.

const EASTERN = 'America/New_York';
const easternParts = new Intl.DateTimeFormat('en-US', {
  timeZone: EASTERN,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  weekday: 'short',
});
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function eastern(at: Date) {
  const parts = Object.fromEntries(easternParts.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    isoWeekday: WEEKDAYS.indexOf(parts.weekday) + 1,
  };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The instant of 00:00 Eastern Time on a calendar date (which may overflow: day 0, day 32...). */
function easternMidnight(year: number, month: number, day: number): Date {
  const asUtc = Date.UTC(year, month - 1, day);
  // The offset at that instant (4 or 5 hours); checked once more across a DST change.
  let guess = asUtc + 5 * 3600_000;
  for (let i = 0; i < 2; i++) {
    const p = eastern(new Date(guess));
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    guess += asUtc - shown;
  }
  return new Date(guess);
}

/** The first instant of a velocity rule's window that contains `now`. */
export function velocityWindowStart(period: VelocityPeriod, now: Date): Date {
  const today = eastern(now);
  switch (period.type) {
    case 'CUSTOM':
      return new Date(now.getTime() - period.duration * 1000);
    case 'DAY':
      return easternMidnight(today.year, today.month, today.day);
    case 'WEEK': {
      const back = (today.isoWeekday - (period.day_of_week ?? 1) + 7) % 7;
      return easternMidnight(today.year, today.month, today.day - back);
    }
    case 'MONTH': {
      const wanted = period.day_of_month ?? 1;
      const startIn = (year: number, month: number) =>
        easternMidnight(year, month, Math.min(wanted, daysInMonth(year, month)));
      const thisMonth = startIn(today.year, today.month);
      if (thisMonth <= now) return thisMonth;
      return today.month === 1 ? startIn(today.year - 1, 12) : startIn(today.year, today.month - 1);
    }
    case 'YEAR': {
      const month = period.month ?? 1;
      const day = period.day_of_month ?? 1;
      // February 29th starts on the 28th in years without one (the spec).
      const startIn = (year: number) => easternMidnight(year, month, Math.min(day, daysInMonth(year, month)));
      const thisYear = startIn(today.year);
      return thisYear <= now ? thisYear : startIn(today.year - 1);
    }
    default:
      return assertUnreachable(period);
  }
}

/** Cash, for CASH_AMOUNT and the cash limits: ATM and over-the-counter cash disbursements. */
export const CASH_MCCS = ['6010', '6011'] as const;
export const isCash = (mcc: string) => (CASH_MCCS as readonly string[]).includes(mcc);

/** Whether a charge is one a velocity rule counts (its filters). */
export function velocityCounts(
  filters: VelocityFilters | undefined,
  subject: Pick<RuleSubject, 'mcc' | 'country'>,
): boolean {
  if (!filters) return true;
  if (filters.include_mccs && !filters.include_mccs.includes(subject.mcc)) return false;
  if (filters.exclude_mccs?.includes(subject.mcc)) return false;
  if (filters.include_countries && !filters.include_countries.includes(subject.country)) return false;
  if (filters.exclude_countries?.includes(subject.country)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Evaluation.

/** The value of an attribute for a simulated event (docs/semantics.md lists the fixed ones). */
export function attributeValue(attribute: RuleAttribute, s: RuleSubject): string | number {
  switch (attribute) {
    case 'MCC':
      return s.mcc;
    case 'COUNTRY':
      return s.country;
    case 'CURRENCY':
      return s.currency;
    case 'MERCHANT_ID':
      return s.merchantId;
    case 'DESCRIPTOR':
      return s.descriptor;
    case 'TRANSACTION_AMOUNT':
      return s.amount;
    case 'CASH_AMOUNT':
      return isCash(s.mcc) ? s.amount : 0;
    // No simulated network scores risk: every simulated event is the lowest risk.
    case 'RISK_SCORE':
      return 0;
    case 'CARD_STATE':
      return s.cardState;
    case 'PIN_ENTERED':
      return s.pinEntered ? 'TRUE' : 'FALSE';
    case 'PIN_STATUS':
      return 'OK';
    // Every simulated charge is card-not-present e-commerce, initiated by the cardholder, no wallet.
    case 'LIABILITY_SHIFT':
      return 'NONE';
    case 'PAN_ENTRY_MODE':
      return 'ECOMMERCE';
    case 'WALLET_TYPE':
      return 'NONE';
    case 'TRANSACTION_INITIATOR':
      return 'CARDHOLDER';
    case 'MESSAGE_CATEGORY':
      return s.messageCategory ?? 'PAYMENT_AUTHENTICATION';
    default:
      return assertUnreachable(attribute);
  }
}

export function conditionHolds(condition: Condition, subject: RuleSubject): boolean {
  const actual = attributeValue(condition.attribute, subject);
  const { operation, value } = condition;
  switch (operation) {
    case 'IS_ONE_OF':
      return (value as string[]).includes(String(actual));
    case 'IS_NOT_ONE_OF':
      return !(value as string[]).includes(String(actual));
    case 'MATCHES':
      return new RegExp(value as string).test(String(actual));
    case 'DOES_NOT_MATCH':
      return !new RegExp(value as string).test(String(actual));
    case 'IS_EQUAL_TO':
      return Number(actual) === value;
    case 'IS_NOT_EQUAL_TO':
      return Number(actual) !== value;
    case 'IS_GREATER_THAN':
      return Number(actual) > (value as number);
    case 'IS_GREATER_THAN_OR_EQUAL_TO':
      return Number(actual) >= (value as number);
    case 'IS_LESS_THAN':
      return Number(actual) < (value as number);
    case 'IS_LESS_THAN_OR_EQUAL_TO':
      return Number(actual) <= (value as number);
    // Refused when a rule is made: no simulated attribute is a time or a list.
    case 'IS_AFTER':
    case 'IS_BEFORE':
    case 'CONTAINS_ANY':
    case 'CONTAINS_ALL':
    case 'CONTAINS_NONE':
      return false;
    default:
      return assertUnreachable(operation);
  }
}

function describeCondition(c: Condition, subject: RuleSubject): string {
  const shown = Array.isArray(c.value) ? `[${c.value.join(', ')}]` : JSON.stringify(c.value);
  return `${c.attribute} ${c.operation} ${shown} (the event's ${c.attribute} is ${JSON.stringify(attributeValue(c.attribute, subject))})`;
}

const named = (rule: RuleVersion) =>
  `Auth rule ${rule.name ? `"${rule.name}" ` : ''}${rule.token} (version ${rule.version})`;

/** One rule's verdict on one event; velocity is the rule's window usage before this event. */
export function evaluateRule(
  rule: RuleVersion,
  subject: RuleSubject,
  velocity: VelocityUsage = NO_VELOCITY,
): RuleEvaluation {
  const none: RuleEvaluation = { rule, action: null, explanation: null };
  switch (rule.type) {
    case 'CONDITIONAL_BLOCK':
    case 'CONDITIONAL_ACTION': {
      const p = rule.parameters as ConditionalParameters;
      if (!p.conditions.every((c) => conditionHolds(c, subject))) return none;
      const action = rule.type === 'CONDITIONAL_BLOCK' ? 'DECLINE' : (p.action ?? 'DECLINE');
      const verb = action === 'DECLINE' ? 'declined' : 'challenged';
      return {
        rule,
        action,
        explanation: `${named(rule)} ${verb} it: ${p.conditions.map((c) => describeCondition(c, subject)).join(' and ')}.`,
      };
    }
    case 'MERCHANT_LOCK': {
      const p = rule.parameters as MerchantLockParameters;
      const allowed = p.merchants.some(
        (m) =>
          (m.merchant_id === undefined || m.merchant_id === subject.merchantId) &&
          (m.descriptor === undefined || m.descriptor === subject.descriptor),
      );
      if (allowed) return none;
      return {
        rule,
        action: 'DECLINE',
        explanation: `${named(rule)} declined it: the card is locked to ${p.merchants
          .map((m) => [m.merchant_id, m.descriptor].filter(Boolean).join(' / '))
          .join(', ')}, not "${subject.merchantId || subject.descriptor}".`,
      };
    }
    case 'VELOCITY_LIMIT': {
      const p = rule.parameters as VelocityParameters;
      if (!velocityCounts(p.filters, subject)) return none;
      const cash = isCash(subject.mcc);
      const over = velocityExcess(p, velocity, subject.amount, cash);
      if (!over) return none;
      return { rule, action: 'DECLINE', explanation: `${named(rule)} declined it: ${over}.` };
    }
    default:
      return assertUnreachable(rule.type);
  }
}

function velocityExcess(
  p: VelocityParameters,
  used: VelocityUsage,
  amount: Cents,
  cash: boolean,
): string | null {
  const window = describePeriod(p.period);
  const per = p.scope === 'CARD' ? 'the card' : 'the account';
  if (p.limit_count != null && used.count + 1 > p.limit_count)
    return `${used.count} approved charges on ${per} ${window} already reach its limit of ${p.limit_count}`;
  if (p.limit_amount != null && used.amount + amount > p.limit_amount)
    return `${used.amount} cents approved on ${per} ${window} plus ${amount} would exceed its limit of ${p.limit_amount} cents`;
  if (cash && p.limit_cash_count != null && used.cashCount + 1 > p.limit_cash_count)
    return `${used.cashCount} cash withdrawals on ${per} ${window} already reach its limit of ${p.limit_cash_count}`;
  if (cash && p.limit_cash_amount != null && used.cashAmount + amount > p.limit_cash_amount)
    return `${used.cashAmount} cents of cash on ${per} ${window} plus ${amount} would exceed its limit of ${p.limit_cash_amount} cents`;
  return null;
}

function describePeriod(period: VelocityPeriod): string {
  switch (period.type) {
    case 'CUSTOM':
      return `in the last ${period.duration} seconds`;
    case 'DAY':
      return 'today (Eastern Time)';
    case 'WEEK':
      return 'this week (Eastern Time)';
    case 'MONTH':
      return 'this month (Eastern Time)';
    case 'YEAR':
      return 'this year (Eastern Time)';
    default:
      return assertUnreachable(period);
  }
}

/**
 * Every rule's verdict, in the order given (the caller orders them: oldest rule first), and the
 * first that acted, which decides. Rules are not skipped after a decline: each evaluation is recorded.
 */
export function evaluateRules(
  rules: RuleVersion[],
  subject: RuleSubject,
  velocity: Record<string, VelocityUsage> = {},
): { evaluations: RuleEvaluation[]; decisive: RuleEvaluation | null } {
  const evaluations = rules.map((rule) => evaluateRule(rule, subject, velocity[rule.token]));
  return { evaluations, decisive: evaluations.find((e) => e.action !== null) ?? null };
}

/** The velocity rules among these, for the reads a decision needs (and the locks they take). */
export function velocityRules(rules: RuleVersion[]): (RuleVersion & { parameters: VelocityParameters })[] {
  return rules.filter(
    (r): r is RuleVersion & { parameters: VelocityParameters } => r.type === 'VELOCITY_LIMIT',
  );
}

/** The window and filters of one velocity rule for one charge: what the caller must sum. */
export interface VelocityRead {
  ruleToken: string;
  scope: 'CARD' | 'ACCOUNT';
  since: Date;
  filters: VelocityFilters;
}

export function velocityReads(rules: RuleVersion[], now: Date): VelocityRead[] {
  return velocityRules(rules).map((rule) => ({
    ruleToken: rule.token,
    scope: rule.parameters.scope,
    since: velocityWindowStart(rule.parameters.period, now),
    filters: rule.parameters.filters ?? {},
  }));
}

/** Whether concurrent approvals can change these rules' verdicts (a velocity limit counts them). */
export const dependsOnVelocity = (rules: RuleVersion[]) => rules.some((r) => r.type === 'VELOCITY_LIMIT');

/** An account-scoped velocity limit counts every card's charges: the account row serializes them. */
export const hasAccountVelocity = (rules: RuleVersion[]) =>
  velocityRules(rules).some((r) => r.parameters.scope === 'ACCOUNT');

/** An evaluation's actions as the spec's auth-rule-result shows them (empty: it let the event through). */
export function resultActions(
  evaluation: RuleEvaluation,
  declineCode: string,
): { type: RuleAction; code?: string; explanation?: string }[] {
  if (!evaluation.action) return [];
  const explanation = evaluation.explanation ?? undefined;
  return evaluation.action === 'DECLINE'
    ? [{ type: 'DECLINE', code: declineCode, explanation }]
    : [{ type: 'CHALLENGE', explanation }];
}
