import { createHmac } from 'node:crypto';
import { raw } from './http.js';
import type { TestSandbox } from './sandbox.js';
import type { Fixtures } from './spec-requests.js';
import { eventually, Receiver } from './webhooks.js';

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

/** The ISO 9564 format-0 PIN field of 1234, base64, as a client sends a card's PIN block. */
export const PIN_BLOCK_1234 = Buffer.from('041234ffffffffff', 'hex').toString('base64');

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

  // A rule that blocks one MCC, made as a draft (so it can be promoted).
  const ruleParameters = { conditions: [{ attribute: 'MCC', operation: 'IS_ONE_OF', value: ['7995'] }] };
  const authRule = () =>
    call('POST', '/v2/auth_rules', { type: 'CONDITIONAL_BLOCK', parameters: ruleParameters });
  // A backtest is looked up under its own rule: one rule for both path tokens.
  let backtestedRule: Promise<Body> | undefined;
  const ruleWithBacktest = () => (backtestedRule ??= authRule());

  // A 3DS authentication of a fresh card; a merchant named CHALLENGE leaves it waiting for a code.
  const authentication = async (name = 'COFFEE SHOP') =>
    call('POST', '/v1/three_ds_authentication/simulate', {
      pan: (await card()).pan,
      merchant: { country: 'USA', id: 'FIXTURE', mcc: '5812', name },
      transaction: { amount: 1000, currency: 'USD' },
    });

  // An out-of-band challenge: a 3DS decisioning endpoint that asks for one, only while it is made.
  const outOfBandChallenge = async () => {
    const endpoint = await Receiver.start(() => ({
      status: 200,
      body: JSON.stringify({ three_ds_authentication_decision: 'CHALLENGE_REQUESTED' }),
    }));
    try {
      await call('POST', '/v1/responder_endpoints', { type: 'THREE_DS_DECISIONING', url: endpoint.url });
      return await authentication();
    } finally {
      await call('DELETE', '/v1/responder_endpoints?type=THREE_DS_DECISIONING');
      await endpoint.stop();
    }
  };

  const table: Record<string, () => Promise<unknown>> = {
    account_token: async () => accountToken,
    card_token: async () => (await card()).token,
    // Only a PHYSICAL card can be reissued.
    'postCardReissue.card_token': async () => (await physicalCard()).token,
    replacement_for: async () => (await card()).token,
    replacement_account_token: async () => accountToken,
    // An encrypted PIN block is base64; the spec gives it no format.
    pin: async () => PIN_BLOCK_1234,
    // A simulated charge's PIN is typed in clear, and checked: the card it charges has that PIN.
    'postSimulateAuthorize.pin': async () => '1234',
    'postSimulateAuthorize.pan': async () =>
      (await call('POST', '/v1/cards', { type: 'VIRTUAL', pin: PIN_BLOCK_1234 })).pan,
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
    auth_rule_token: async () => (await authRule()).token,
    three_ds_authentication_token: async () => (await authentication()).token,
    'postSimulateEnterOtp.token': async () => (await authentication('CHALLENGE SHOP')).token,
    'postThreeDsChallengeResponse.token': async () => (await outOfBandChallenge()).token,
    // A generated start and end are the same instant; a backtest needs start before end.
    'postAuthRuleBacktest.start': async () => new Date(Date.now() - 86_400_000).toISOString(),
    'postAuthRuleBacktest.end': async () => new Date().toISOString(),
    'getAuthRuleBacktestByToken.auth_rule_token': async () => (await ruleWithBacktest()).token,
    auth_rule_backtest_token: async () => {
      const rule = await ruleWithBacktest();
      return (await call('POST', `/v2/auth_rules/${String(rule.token)}/backtests`, {})).backtest_token;
    },
    // Rule parameters are a union the generator cannot satisfy (its first choice is a regex for IS_ONE_OF).
    parameters: async () => ruleParameters,
    account_tokens: async () => [accountToken],
    card_tokens: async () => [(await card()).token],
    excluded_card_tokens: async () => [(await card()).token],
    excluded_account_tokens: async () => [],
    // The sandbox has no business accounts.
    business_account_tokens: async () => [],
    excluded_business_account_tokens: async () => [],
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
    'getAuthRuleResults.event_token': async () => table['getEnhancedTransactionData.event_token'](),
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
    getAuthRules: table.auth_rule_token,
    getAuthRuleBacktests: table.auth_rule_backtest_token,
    getMessageAttemptsForEventSubscription: async () => (await seededAttempt()).token,
    getMessageAttemptsForEvent: async () => (await seededAttempt()).token,
  };
  const fixtures: Fixtures = (name, operation) =>
    name === 'starting_after' || name === 'ending_before'
      ? cursors[operation.operationId]?.()
      : (table[`${operation.operationId}.${name}`] ?? table[name])?.();
  return { apiKey, fixtures };
}
