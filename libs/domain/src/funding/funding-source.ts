import { uuidV5 } from '../account/financial-account.js';
import { DomainError } from '../errors.js';

/** Privacy.com's funding accounts: a bank account (checking or savings) or a debit card. */
export const FUNDING_SOURCE_TYPES = ['DEPOSITORY_CHECKING', 'DEPOSITORY_SAVINGS', 'CARD'] as const;
export type FundingSourceType = (typeof FUNDING_SOURCE_TYPES)[number];

/** ENABLED funds charges; PENDING waits for verification; REMOVED was taken off the account. */
export const FUNDING_SOURCE_STATES = ['ENABLED', 'PENDING', 'REMOVED'] as const;
export type FundingSourceState = (typeof FUNDING_SOURCE_STATES)[number];

/**
 * Whether nine digits are an ABA routing number: the weighted sum 3-7-1 of its digits is a
 * multiple of ten (the check digit is the ninth).
 */
export function isAbaRoutingNumber(value: string): boolean {
  if (!/^\d{9}$/.test(value)) return false;
  const weights = [3, 7, 1, 3, 7, 1, 3, 7, 1];
  const sum = [...value].reduce((total, digit, i) => total + Number(digit) * weights[i], 0);
  return sum % 10 === 0;
}

/** A bank account to add: its routing number must pass the ABA check, its number 4 to 17 digits. */
export function validateBankAccount(input: { routingNumber: string; accountNumber: string }): void {
  if (!isAbaRoutingNumber(input.routingNumber))
    throw new DomainError(
      'VALIDATION',
      'routing_number must be a 9-digit ABA routing number with a valid check digit',
    );
  if (!/^\d{4,17}$/.test(input.accountNumber))
    throw new DomainError('VALIDATION', 'account_number must be 4 to 17 digits');
}

/**
 * What a charge on a card funded by a source in this state is: a PENDING bank is not verified yet,
 * a REMOVED one cannot be reached. Privacy's own codes; Lithic has no such decline.
 */
export function fundingDecline(
  state: FundingSourceState,
): { result: 'BANK_NOT_VERIFIED' | 'BANK_CONNECTION_ERROR'; explanation: string } | null {
  switch (state) {
    case 'ENABLED':
      return null;
    case 'PENDING':
      return { result: 'BANK_NOT_VERIFIED', explanation: "The card's funding source is not verified yet." };
    case 'REMOVED':
      return { result: 'BANK_CONNECTION_ERROR', explanation: "The card's funding source was removed." };
  }
}

/** A funding account as both APIs show it (snake_case: it is read from rows and written as is). */
export interface FundingSource {
  token: string;
  type: FundingSourceType;
  state: FundingSourceState;
  account_name: string;
  nickname: string;
  last_four: string;
  created: Date;
}

/** The namespace of default funding source tokens (a random v4, fixed forever). */
const DEFAULT_FUNDING_NAMESPACE = 'c0d7f4a2-5b1e-4e8a-9f63-0a4b8e2d7c15';

/**
 * Every account's default funding account: a verified checking account, derived from the account
 * (like its financial accounts), so a card made through either API always has one.
 */
export function defaultFundingSource(accountToken: string, accountCreated: Date): FundingSource {
  return {
    token: uuidV5(DEFAULT_FUNDING_NAMESPACE, `${accountToken.toLowerCase()}/default`),
    type: 'DEPOSITORY_CHECKING',
    state: 'ENABLED',
    account_name: 'Sandbox Checking',
    nickname: '',
    last_four: '0000',
    created: accountCreated,
  };
}

/** An account's funding sources: its default first, then those it added, oldest first. */
export function accountFundingSources(
  accountToken: string,
  accountCreated: Date,
  added: readonly FundingSource[],
): FundingSource[] {
  return [defaultFundingSource(accountToken, accountCreated), ...added];
}

/** The source a card draws on: the one it names, else the account's default (the first). */
export function cardFunding(fundingToken: string | null, sources: readonly FundingSource[]): FundingSource {
  return (fundingToken && sources.find((source) => source.token === fundingToken)) || sources[0];
}
