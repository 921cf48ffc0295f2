import { createHmac } from 'node:crypto';
import { raw } from './http.js';
import type { TestSandbox } from './sandbox.js';
import type { Fixtures } from './spec-requests.js';
import { eventually } from './webhooks.js';

/** A ShippingAddress with every field the spec requires. */
export const SHIPPING_ADDRESS = {
  address1: '5 Broad Street',
  city: 'NEW YORK',
  country: 'USA',
  first_name: 'Janet',
  last_name: 'Yellen',
  postal_code: '10001',
  state: 'NY',
} as const;

type Body = Record<string, unknown> & { data: Record<string, unknown>[] };

export interface AccountFixtures {
  apiKey: string;
  fixtures: Fixtures;
}

/**
 * A fresh account and the table of how to get a valid value for each named parameter in it: the
 * objects a path or a body names are made through the API first. `seeded` gives the account a
 * webhook subscription, a card, an authorization and a delivery attempt, so lists have items to
 * validate.
 */
export async function accountFixtures(
  sandbox: TestSandbox,
  receiverUrl: string,
  seeded = false,
): Promise<AccountFixtures> {
  const { apiKey, accountToken } = await sandbox.newAccount();
  const call = async (method: string, path: string, body?: unknown): Promise<Body> => {
    const response = await raw(sandbox.url, path, { method, apiKey, body });
    if (response.status >= 300)
      throw new Error(`fixture ${method} ${path} -> ${response.status} ${response.text}`);
    return response.body as Body;
  };
  const card = () => call('POST', '/v1/cards', { type: 'VIRTUAL', memo: 'fixture' });
  const physicalCard = () =>
    call('POST', '/v1/cards', { type: 'PHYSICAL', shipping_address: SHIPPING_ADDRESS });
  const spend = async (path: string) =>
    call('POST', path, { amount: 1000, descriptor: 'FIXTURE', pan: (await card()).pan });
  const subscription = () => call('POST', '/v1/event_subscriptions', { url: receiverUrl });

  // One card with a charge on it, made once: a card's balance or financial transaction names both.
  let charged: Promise<{ card: Record<string, unknown>; transaction: Body }> | undefined;
  const chargedCard = () =>
    (charged ??= (async () => {
      const made = await card();
      const transaction = await call('POST', '/v1/simulate/authorize', {
        amount: 1000,
        descriptor: 'FIXTURE',
        pan: made.pan,
      });
      return { card: made, transaction: await call('GET', `/v1/transactions/${String(transaction.token)}`) };
    })());

  let attempt: Record<string, unknown> | undefined;
  if (seeded) {
    const { token } = await subscription();
    await spend('/v1/simulate/authorize');
    attempt = await eventually('a delivery attempt', async () => {
      return (await call('GET', `/v1/event_subscriptions/${String(token)}/attempts`)).data[0];
    });
  }
  // The embedded card page needs a request signed with the account's key, as the SDK signs it.
  let embedRequest: Promise<string> | undefined;
  const signedEmbedRequest = () => (embedRequest ??= card().then((c) => JSON.stringify({ token: c.token })));
  const seededAttempt = async () => {
    if (!attempt) throw new Error('Only a seeded account has a delivery attempt');
    return attempt;
  };

  const table: Record<string, () => Promise<unknown>> = {
    account_token: async () => accountToken,
    card_token: async () => (await card()).token,
    // Only a PHYSICAL card can be reissued.
    'postCardReissue.card_token': async () => (await physicalCard()).token,
    replacement_for: async () => (await card()).token,
    replacement_account_token: async () => accountToken,
    // An encrypted PIN block is base64; the spec gives it no format.
    pin: async () => Buffer.from('041234ffffffffff', 'hex').toString('base64'),
    card_program_token: async () => (await card()).card_program_token,
    pan: async () => (await card()).pan,
    // An example's expiry year would fall into the past one day.
    exp_year: async () => String(new Date().getUTCFullYear() + 1),
    transaction_token: async () => (await spend('/v1/simulate/authorize')).token,
    token: async () => (await spend('/v1/simulate/authorize')).token,
    'postSimulateReturnReversal.token': async () => (await spend('/v1/simulate/return')).token,
    event_subscription_token: async () => (await subscription()).token,
    event_token: async () => {
      await card();
      return (await call('GET', '/v1/events?page_size=1')).data[0].token;
    },
    'getMessageAttemptsForEventSubscription.event_subscription_token': async () =>
      (await seededAttempt()).event_subscription_token,
    'getMessageAttemptsForEvent.event_token': async () => (await seededAttempt()).event_token,
    url: async () => receiverUrl,
    financial_account_token: async () =>
      (await call('GET', '/v1/financial_accounts?type=ISSUING')).data[0].token,
    financial_transaction_token: async () => (await chargedCard()).transaction.token,
    last_transaction_event_token: async () =>
      ((await chargedCard()).transaction.events as Record<string, unknown>[])[0].token,
    'getCardBalance.card_token': async () => (await chargedCard()).card.token,
    'getCardFinancialTransactionByToken.card_token': async () => (await chargedCard()).card.token,
    // Deleting a responder needs one enrolled first.
    'deleteResponderEndpoint.type': async () => {
      await call('POST', '/v1/responder_endpoints', { type: 'AUTH_STREAM_ACCESS', url: receiverUrl });
      return 'AUTH_STREAM_ACCESS';
    },
    'sendEventSubscriptionExample.event_type': async () => 'card.created',
    'getEmbedCard.embed_request': async () => Buffer.from(await signedEmbedRequest()).toString('base64'),
    'getEmbedCard.hmac': async () =>
      createHmac('sha256', apiKey)
        .update(await signedEmbedRequest())
        .digest('base64'),
    // A transaction event's token, not an Events API message's.
    'getEnhancedTransactionData.event_token': async () => {
      const { token } = await spend('/v1/simulate/authorize');
      const transaction = await call('GET', `/v1/transactions/${String(token)}`);
      return (transaction.events as { token: string }[])[0].token;
    },
  };
  // A page cursor is the token of an object of the kind the operation lists.
  const cursors: Record<string, () => Promise<unknown>> = {
    getAccounts: table.account_token,
    getCards: table.card_token,
    getTransactions: table.transaction_token,
    getFinancialTransactions: table.transaction_token,
    getCardFinancialTransactions: table.transaction_token,
    getEvents: table.event_token,
    getEventSubscriptions: table.event_subscription_token,
    getMessageAttemptsForEventSubscription: async () => (await seededAttempt()).token,
    getMessageAttemptsForEvent: async () => (await seededAttempt()).token,
  };
  const fixtures: Fixtures = (name, operation) =>
    name === 'starting_after' || name === 'ending_before'
      ? cursors[operation.operationId]?.()
      : (table[`${operation.operationId}.${name}`] ?? table[name])?.();
  return { apiKey, fixtures };
}
