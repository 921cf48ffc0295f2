import type { Balance, TransactionStatus } from '#domain';
import type { FinancialAccountRecord, TransactionRecords } from './records.js';
import { signed } from './resources.wire.js';

/** What a balance says for "no transaction yet" where Lithic's schema has no null: the nil UUID. */
export const NO_TRANSACTION = '00000000-0000-0000-0000-000000000000';

/** Lithic's FinancialAccount; the sandbox has no routing numbers, nicknames or credit lines. */
export function toFinancialAccountResponse(fa: FinancialAccountRecord) {
  return {
    token: fa.token,
    account_token: fa.account_token,
    type: fa.type,
    status: fa.status,
    substatus: null,
    user_defined_status: null,
    nickname: null,
    routing_number: null,
    account_number: null,
    is_for_benefit_of: false,
    credit_configuration: null,
    created: fa.created.toISOString(),
    updated: fa.updated.toISOString(),
  };
}

function amounts(fa: FinancialAccountRecord, balance: Balance) {
  return {
    available_amount: balance.available,
    pending_amount: balance.pending,
    total_amount: balance.total,
    currency: 'USD',
    created: fa.created.toISOString(),
    updated: (balance.last?.created ?? fa.created).toISOString(),
  };
}

/** `GET /v1/balances`' Balance: the last tokens are null until something moved it. */
export function toBalanceResponse(fa: FinancialAccountRecord, balance: Balance) {
  return {
    financial_account_token: fa.token,
    financial_account_type: fa.type,
    ...amounts(fa, balance),
    last_transaction_token: balance.last?.transactionToken ?? null,
    last_transaction_event_token: balance.last?.eventToken ?? null,
  };
}

/** A financial account's (or a card's) FinancialAccountBalance, whose last tokens are never null. */
export function toFinancialAccountBalanceResponse(fa: FinancialAccountRecord, balance: Balance) {
  return {
    token: fa.token,
    type: fa.type,
    ...amounts(fa, balance),
    last_transaction_token: balance.last?.transactionToken ?? NO_TRANSACTION,
    last_transaction_event_token: balance.last?.eventToken ?? NO_TRANSACTION,
  };
}

/** The sandbox's statuses are Lithic's financial ones; RETURNED is ACH's and never appears on a card. */
const FINANCIAL_STATUS: Record<TransactionStatus, string> = {
  PENDING: 'PENDING',
  SETTLED: 'SETTLED',
  DECLINED: 'DECLINED',
  VOIDED: 'VOIDED',
  EXPIRED: 'EXPIRED',
};

/**
 * A card transaction as a FinancialTransaction of category CARD, with the same token and amounts
 * signed as on the Transaction (debits positive, credits negative); its events are the
 * transaction's events.
 */
export function toFinancialTransactionResponse({ transaction: t, events }: TransactionRecords) {
  return {
    token: t.token,
    category: 'CARD',
    status: FINANCIAL_STATUS[t.status],
    result: t.result === 'APPROVED' ? 'APPROVED' : 'DECLINED',
    descriptor: t.descriptor,
    currency: 'USD',
    pending_amount: signed(t.pending_amount, t.polarity),
    settled_amount: signed(t.settled_amount, t.polarity),
    created: t.created.toISOString(),
    updated: t.updated.toISOString(),
    events: events.map((e) => ({
      token: e.token,
      type: e.type,
      amount: signed(e.amount, e.polarity),
      result: e.result === 'APPROVED' ? 'APPROVED' : 'DECLINED',
      created: e.created.toISOString(),
    })),
  };
}
