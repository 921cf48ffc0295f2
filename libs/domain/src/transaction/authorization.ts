import type { Cents } from '../money.js';
import { DomainError } from '../errors.js';
import { transition, type CardLifecycle, type TransactionMessage } from '../card/lifecycle.js';
import type { AuthorizationStatus, Decision } from '../authorization/decide.js';
import { APPROVED, type TransactionResult } from '../authorization/results.js';
import { polarityOf, settlesAtOnce, type Polarity, type TransactionStatus } from './lifecycle.js';

/** The money side of a new transaction: its status, result, polarity and what it holds or settled. */
export interface Posting {
  status: TransactionStatus;
  result: TransactionResult;
  polarity: Polarity;
  pendingAmount: Cents;
  settledAmount: Cents;
}

/** A balance inquiry asks, it does not spend: it carries no amount. */
export function validateCharge(charge: { status: AuthorizationStatus; amount: Cents }): void {
  if (charge.status === 'BALANCE_INQUIRY' && charge.amount !== 0) {
    throw new DomainError('VALIDATION', 'amount must be 0 for a BALANCE_INQUIRY');
  }
}

/** A declined charge holds nothing; an approved one holds, or settles at once when single-message. */
export function authorizationPosting(
  status: AuthorizationStatus,
  amount: Cents,
  decision: Decision,
): Posting {
  const atOnce = settlesAtOnce(status);
  const polarity = polarityOf(status);
  if (!decision.approved) {
    return { status: 'DECLINED', result: decision.result, polarity, pendingAmount: 0, settledAmount: 0 };
  }
  return {
    status: atOnce ? 'SETTLED' : 'PENDING',
    result: APPROVED,
    polarity,
    pendingAmount: atOnce ? 0 : amount,
    settledAmount: atOnce ? amount : 0,
  };
}

/** The merchant messages that post a credit with no decision to make. */
export const MERCHANT_CREDITS = ['RETURN', 'CREDIT_AUTHORIZATION_ADVICE'] as const;
export type MerchantCredit = (typeof MERCHANT_CREDITS)[number];

/** A return (a refund) settles at once; a credit authorization advice holds until cleared. */
export function creditPosting(kind: MerchantCredit, amount: Cents): Posting {
  const settled = kind === 'RETURN';
  return {
    status: settled ? 'SETTLED' : 'PENDING',
    result: APPROVED,
    polarity: 'CREDIT',
    pendingAmount: settled ? 0 : amount,
    settledAmount: settled ? amount : 0,
  };
}

/**
 * What a charge or a merchant message does to its card (a single-use close, a merchant lock), as
 * the card's state machine decides; null when the card stays as it is.
 */
export function cardEffect(
  card: CardLifecycle,
  transactionToken: string,
  cause: Decision | TransactionMessage,
): CardLifecycle | null {
  const decided = transition(
    card,
    typeof cause === 'string'
      ? { type: 'TRANSACTION_MESSAGE', message: cause }
      : cause.approved
        ? {
            type: 'CHARGE_APPROVED',
            transaction: transactionToken,
            closeCard: cause.closeCard,
            lockMerchant: cause.lockMerchant,
          }
        : { type: 'CHARGE_DECLINED' },
  );
  return decided.allowed && decided.changed ? decided.card : null;
}

/** A reservation outlives the responder's timeout by this much before the sweeper settles it. */
export const RESERVATION_MARGIN_MS = 5_000;

/** When a reservation waiting for the responder is settled with the fallback, in real time. */
export function reservationDeadline(realNow: Date, responderTimeoutMs: number): Date {
  return new Date(realNow.getTime() + responderTimeoutMs + RESERVATION_MARGIN_MS);
}

/**
 * What a retried request finds of the charge its earlier run committed: decided, a reservation
 * still waiting for the responder, or one whose run died (its deadline passed: settle it now).
 */
export function reservationState(deadline: Date | null, realNow: Date): 'DECIDED' | 'WAITING' | 'OVERDUE' {
  if (deadline === null) return 'DECIDED';
  return deadline.getTime() > realNow.getTime() ? 'WAITING' : 'OVERDUE';
}
