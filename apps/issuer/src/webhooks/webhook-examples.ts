import { randomUUID } from 'node:crypto';
import { defaultExpiry } from '#domain';
import { toCardCreatedPayload, toCardUpdatedPayload, toTransactionResponse } from '#lithic-wire';
import { CardEntity, CardVault, TransactionEntity, TransactionEventEntity } from '#persistence';

/** The types send_example has an example of: the ones the sandbox emits. */
export const BUILT_IN_EXAMPLES = ['card.created', 'card.updated', 'card_transaction.updated'] as const;

/**
 * The card every example is about. No card has it (cards get random v4 UUIDs), so a receiver, and the
 * dashboard, can tell an example from a real event by its payload's `card_token` alone.
 */
export const EXAMPLE_CARD_TOKEN = '00000000-0000-0000-0000-00000000e8a1';
/** The charge of the card_transaction.updated example. */
export const EXAMPLE_TRANSACTION_TOKEN = '00000000-0000-0000-0000-00000000e8a2';

/**
 * An example payload of one of the types the sandbox emits, rendered by the same functions as the
 * real events (so it has their shape) but about the example card, never one of the account's: an
 * example must not read as news about a real card. Null for a type the sandbox has no example of.
 */
export function builtInExample(
  eventType: string,
  accountToken: string,
  now: Date,
  vault: CardVault,
): object | null {
  switch (eventType) {
    case 'card.created': {
      const card = exampleCard(accountToken, now);
      return toCardCreatedPayload(card, vault);
    }
    case 'card.updated': {
      const before = exampleCard(accountToken, now);
      const after: CardEntity = { ...before, state: 'PAUSED', updated: now };
      return toCardUpdatedPayload(before, after, vault);
    }
    case 'card_transaction.updated':
      return exampleTransaction(accountToken, now);
    default:
      return null;
  }
}

/** No PAN is needed: the rendering without one is what events carry. */
function exampleCard(accountToken: string, now: Date): CardEntity {
  const { expMonth, expYear } = defaultExpiry(now);
  return Object.assign(new CardEntity(), {
    token: EXAMPLE_CARD_TOKEN,
    account_token: accountToken,
    type: 'VIRTUAL',
    state: 'OPEN',
    memo: 'Example card',
    spend_limit: 0,
    spend_limit_duration: 'TRANSACTION',
    pan_encrypted: '',
    pan_hash: '',
    last_four: '4242',
    exp_month: expMonth,
    exp_year: expYear,
    locked_merchant: '',
    consumed: false,
    created: now,
    updated: now,
  } satisfies Partial<CardEntity>);
}

/** An approved $12.50 coffee, still pending. */
function exampleTransaction(accountToken: string, now: Date): object {
  const transaction = Object.assign(new TransactionEntity(), {
    token: EXAMPLE_TRANSACTION_TOKEN,
    account_token: accountToken,
    card_token: EXAMPLE_CARD_TOKEN,
    status: 'PENDING',
    result: 'APPROVED',
    polarity: 'DEBIT',
    authorization_amount: 1250,
    pending_amount: 1250,
    settled_amount: 0,
    merchant_amount: 1250,
    merchant_currency: 'USD',
    descriptor: 'SANDBOX COFFEE',
    mcc: '5814',
    merchant_acceptor_id: '174030075991',
    merchant_city: 'NEW YORK',
    merchant_state: 'NY',
    merchant_country: 'USA',
    partial_approval_capable: false,
    authorization_code: '123456',
    network: 'VISA',
    responder_deadline: null,
    created: now,
    updated: now,
  } satisfies Partial<TransactionEntity>);
  const event = Object.assign(new TransactionEventEntity(), {
    token: randomUUID(),
    transaction_token: EXAMPLE_TRANSACTION_TOKEN,
    type: 'AUTHORIZATION',
    amount: 1250,
    polarity: 'DEBIT',
    result: 'APPROVED',
    detailed_result: 'APPROVED',
    rule: null,
    explanation: null,
    created: now,
  } satisfies Partial<TransactionEventEntity>);
  return toTransactionResponse({ transaction, events: [event] });
}
