import { privacyResult, type TransactionStatus } from '#domain';
import { currentAmount, type TransactionRecords } from '#lithic-wire';
import type { PrivacyCard } from './cards.wire.js';

/** Privacy's five statuses: a decline or an expiry is VOIDED, a hold PENDING, a posting SETTLED. */
const STATUS: Record<TransactionStatus, 'PENDING' | 'VOIDED' | 'SETTLING' | 'SETTLED' | 'BOUNCED'> = {
  PENDING: 'PENDING',
  VOIDED: 'VOIDED',
  DECLINED: 'VOIDED',
  EXPIRED: 'VOIDED',
  SETTLED: 'SETTLED',
};

/** Privacy's event types; an expiry is its VOID, a financial message its CLEARING. */
function eventType(type: string): string {
  switch (type) {
    case 'AUTHORIZATION_EXPIRY':
    case 'AUTHORIZATION_REVERSAL':
      return 'VOID';
    case 'FINANCIAL_AUTHORIZATION':
    case 'FINANCIAL_CREDIT_AUTHORIZATION':
      return 'CLEARING';
    case 'RETURN_REVERSAL':
      return 'RETURN';
    default:
      return type;
  }
}

/** Credits (a refund) are negative, as Privacy shows them; Lithic's own wire does the same. */
const signed = (cents: number, polarity: string) => (polarity === 'CREDIT' ? -cents : cents);

/**
 * Privacy's Transaction: the whole card, the events with Privacy's result codes, the funding
 * account charged, and the newer amount fields. `result` is the first event's decision.
 */
export function toPrivacyTransaction({ transaction: t, events }: TransactionRecords, card: PrivacyCard) {
  const decision = events[0] ?? { detailed_result: t.result, result: t.result };
  const amount = currentAmount(t);
  return {
    amount: signed(amount, t.polarity),
    authorization_amount: signed(t.authorization_amount, t.polarity),
    authorization_code: t.authorization_code,
    card,
    created: t.created.toISOString(),
    events: events.map((e) => ({
      amount: signed(e.amount, e.polarity),
      created: e.created.toISOString(),
      result: privacyResult(e.detailed_result, e.result),
      token: e.token,
      type: eventType(e.type),
    })),
    funding:
      t.result === 'APPROVED'
        ? [{ amount: signed(amount, t.polarity), token: card.funding.token, type: card.funding.type }]
        : [],
    merchant: {
      acceptor_id: t.merchant_acceptor_id,
      city: t.merchant_city,
      country: t.merchant_country,
      descriptor: t.descriptor,
      mcc: t.mcc,
      state: t.merchant_state,
    },
    merchant_amount: signed(t.merchant_amount, t.polarity),
    merchant_authorization_amount: signed(t.merchant_amount, t.polarity),
    merchant_currency: t.merchant_currency,
    result: privacyResult(decision.detailed_result, decision.result),
    settled_amount: signed(t.settled_amount, t.polarity),
    status: STATUS[t.status],
    token: t.token,
  };
}
