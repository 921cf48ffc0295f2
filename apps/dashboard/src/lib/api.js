// The dashboard's only way to the sandbox: the public /v1 API, called with the account's API key.

const KEY_STORAGE = 'card-sandbox.api-key';
const CLIENT_HEADER = 'x-sandbox-client';

/** A failed call, with the API's own sentence (`message`) and its request id for the logs. */
export class ApiError extends Error {
  constructor(status, message, body = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
    this.requestId = body?.debugging_request_id ?? null;
  }
}

export function storedKey() {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function rememberKey(key) {
  sessionStorage.setItem(KEY_STORAGE, key);
}

let unauthorizedHandler = () => {};
/** Called when the remembered key is refused (401), so the page can ask for another one. */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

function randomKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function call(method, path, { body, query, key = storedKey(), idempotent = false } = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const url = params.size > 0 ? `${path}?${params}` : path;
  // The sandbox logs the dashboard's reads (mostly its refreshes) at debug level, and keeps them
  // out of the API log; its changes are logged and journaled like any client's.
  const headers = { accept: 'application/json', [CLIENT_HEADER]: 'dashboard' };
  if (key) headers.authorization = key;
  if (body !== undefined) headers['content-type'] = 'application/json';
  // A double click or a retried request must not create two cards.
  if (idempotent) headers['idempotency-key'] = randomKey();
  let response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'The sandbox did not answer. Is it still running?');
  }
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (response.ok) return parsed;
  const message = parsed?.message ?? `The sandbox answered ${response.status} ${response.statusText}`.trim();
  const error = new ApiError(response.status, message, parsed);
  if (response.status === 401 && key === storedKey()) unauthorizedHandler(error);
  throw error;
}

export const api = {
  /** Tries a key without remembering it: resolves when the sandbox accepts it. */
  checkKey: (key) => call('GET', '/v1/cards', { key, query: { page_size: 1 } }),
  config: () => call('GET', '/dashboard/config', { key: null }),

  listCards: (query) => call('GET', '/v1/cards', { query }),
  getCard: (token) => call('GET', `/v1/cards/${token}`),
  createCard: (body) => call('POST', '/v1/cards', { body, idempotent: true }),
  updateCard: (token, body) => call('PATCH', `/v1/cards/${token}`, { body }),
  spendLimits: (token) => call('GET', `/v1/cards/${token}/spend_limits`),
  /** The sandbox's stand-in for Lithic's fulfilment batch: PENDING_FULFILLMENT -> PENDING_ACTIVATION. */
  shipCard: (token) => call('POST', `/sandbox/cards/${token}/ship`),

  listTransactions: (query) => call('GET', '/v1/transactions', { query }),
  getTransaction: (token) => call('GET', `/v1/transactions/${token}`),
  clear: (token) => call('POST', '/v1/simulate/clearing', { body: { token } }),
  void: (token) => call('POST', '/v1/simulate/void', { body: { token } }),
  refund: (body) => call('POST', '/v1/simulate/return', { body }),

  listSubscriptions: (query) => call('GET', '/v1/event_subscriptions', { query }),
  createSubscription: (body) => call('POST', '/v1/event_subscriptions', { body }),
  /** The spec requires `url` on every update, so a change sends the subscription's current one too. */
  updateSubscription: (token, body) => call('PATCH', `/v1/event_subscriptions/${token}`, { body }),
  deleteSubscription: (token) => call('DELETE', `/v1/event_subscriptions/${token}`),
  subscriptionSecret: (token) => call('GET', `/v1/event_subscriptions/${token}/secret`),
  rotateSecret: (token) => call('POST', `/v1/event_subscriptions/${token}/secret/rotate`),
  subscriptionAttempts: (token, query) => call('GET', `/v1/event_subscriptions/${token}/attempts`, { query }),
  sendExample: (token, eventType) =>
    call('POST', `/v1/simulate/event_subscriptions/${token}/send_example`, {
      body: { event_type: eventType },
    }),
  listRequests: (query) => call('GET', '/sandbox/requests', { query }),

  /** Which API (LITHIC or PRIVACY) made each card or transaction of a page: `origins[token]`. */
  async withOrigins(page) {
    const tokens = page.data.map((item) => item.token);
    if (tokens.length === 0) return { ...page, origins: {} };
    const { data } = await call('GET', '/sandbox/privacy/origins', { query: { tokens: tokens.join(',') } });
    return { ...page, origins: data };
  },
  /** The account's Privacy webhook URL, or null when none is set. */
  privacyWebhook: () =>
    call('GET', '/sandbox/privacy/webhook').then(
      ({ url }) => url,
      (error) => {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      },
    ),
  setPrivacyWebhook: (url) => call('PUT', '/sandbox/privacy/webhook', { body: { url } }),
  removePrivacyWebhook: () => call('DELETE', '/sandbox/privacy/webhook'),
  listEvents: (query) => call('GET', '/v1/events', { query }),
  eventAttempts: (token, query) => call('GET', `/v1/events/${token}/attempts`, { query }),
  resendEvent: (eventToken, subscriptionToken) =>
    call('POST', `/v1/events/${eventToken}/event_subscriptions/${subscriptionToken}/resend`),

  listRules: (query) => call('GET', '/v2/auth_rules', { query }),
  getRule: (token) => call('GET', `/v2/auth_rules/${token}`),
  createRule: (body) => call('POST', '/v2/auth_rules', { body, idempotent: true }),
  updateRule: (token, body) => call('PATCH', `/v2/auth_rules/${token}`, { body }),
  deleteRule: (token) => call('DELETE', `/v2/auth_rules/${token}`),
  draftRule: (token, parameters) => call('POST', `/v2/auth_rules/${token}/draft`, { body: { parameters } }),
  promoteRule: (token) => call('POST', `/v2/auth_rules/${token}/promote`),
  ruleVersions: (token) => call('GET', `/v2/auth_rules/${token}/versions`),
  ruleResults: (query) => call('GET', '/v2/auth_rules/results', { query }),
  backtestRule: (token, body) => call('POST', `/v2/auth_rules/${token}/backtests`, { body }),
  getBacktest: (token, backtest) => call('GET', `/v2/auth_rules/${token}/backtests/${backtest}`),

  /** A simulated 3DS authentication, read back whole (its result is in the object, not the status). */
  async authenticate(body) {
    const { token } = await call('POST', '/v1/three_ds_authentication/simulate', { body });
    return api.getAuthentication(token);
  },
  getAuthentication: (token) => call('GET', `/v1/three_ds_authentication/${token}`),
  enterOtp: (token, otp) =>
    call('POST', '/v1/three_ds_decisioning/simulate/enter_otp', { body: { token, otp } }),

  /**
   * A simulated authorization. A decline is an answer, not a failure: Lithic returns it as 422 with the
   * explanation and the declined transaction's token, which has the result codes.
   */
  async authorize(body) {
    try {
      const { token } = await call('POST', '/v1/simulate/authorize', { body });
      return { approved: true, transaction: await api.getTransaction(token) };
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 422 || !error.body?.token) throw error;
      const transaction = await api.getTransaction(error.body.token);
      return { approved: false, explanation: error.message, transaction };
    }
  },
};
