import { createHash } from 'node:crypto';
import { assertUnreachable } from '../errors.js';
import type { AccountState } from './account.js';

/** The financial accounts every sandbox account has: card spend moves ISSUING; RESERVE holds nothing. */
export const FINANCIAL_ACCOUNT_TYPES = ['ISSUING', 'RESERVE'] as const;
export type FinancialAccountType = (typeof FINANCIAL_ACCOUNT_TYPES)[number];

/** The financial account card transactions move; the others have no transactions in the sandbox. */
export const CARD_SPEND_ACCOUNT: FinancialAccountType = 'ISSUING';

export type FinancialAccountStatus = 'OPEN' | 'SUSPENDED' | 'CLOSED';

/** The namespace of the sandbox's financial account tokens (a random v4, fixed forever). */
const NAMESPACE = '6f1c3a52-8f0e-4c4f-9a53-2d7b1e0c9a41';

/**
 * A financial account's token, derived from its account's token (RFC 4122 version 5, SHA-1): stable
 * across restarts and exports with no row to store, and no account's token reveals another's.
 */
export function financialAccountToken(accountToken: string, type: FinancialAccountType): string {
  return uuidV5(NAMESPACE, `${accountToken.toLowerCase()}/${type}`);
}

export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name)
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Which of the account's financial accounts a token names, or null when none of them. */
export function financialAccountType(accountToken: string, token: string): FinancialAccountType | null {
  return (
    FINANCIAL_ACCOUNT_TYPES.find(
      (type) => financialAccountToken(accountToken, type) === token.toLowerCase(),
    ) ?? null
  );
}

/** A financial account follows its account: a paused account's is suspended, a closed one's closed. */
export function financialAccountStatus(state: AccountState): FinancialAccountStatus {
  switch (state) {
    case 'ACTIVE':
      return 'OPEN';
    case 'PAUSED':
      return 'SUSPENDED';
    case 'CLOSED':
      return 'CLOSED';
    default:
      return assertUnreachable(state);
  }
}
