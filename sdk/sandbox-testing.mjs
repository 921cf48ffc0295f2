// A dependency-free helper for test suites that use the card sandbox: an isolated account per
// suite, a reset between tests, and control of the account's clock. Works with jest and vitest.
//
//   import Lithic from 'lithic';
//   import { createSandboxAccount } from './sandbox-testing.mjs';
//   const sandbox = await createSandboxAccount({ baseURL: 'http://127.0.0.1:4000', apiKey: process.env.SANDBOX_API_KEY });
//   const lithic = new Lithic({ apiKey: sandbox.apiKey, baseURL: sandbox.baseURL });

/**
 * Creates a new, empty account. `apiKey` is any valid key (e.g. the default one the sandbox printed)
 * or SANDBOX_ADMIN_KEY when the sandbox requires it.
 */
export async function createSandboxAccount({ baseURL, apiKey }) {
  const created = await call(baseURL, apiKey, 'POST', '/sandbox/accounts');
  return {
    baseURL,
    accountToken: created.account_token,
    apiKey: created.api_key,
    ...accountControls(baseURL, created.api_key),
    /** Deletes the account and all its data. */
    delete: () => call(baseURL, created.api_key, 'DELETE', `/sandbox/accounts/${created.account_token}`),
  };
}

/** The sandbox controls of the account a key belongs to. */
export function accountControls(baseURL, apiKey) {
  return {
    /** Deletes the account's cards, transactions and events; keeps the account and its key. */
    reset: () => call(baseURL, apiKey, 'POST', '/sandbox/reset'),
    /** Moves the account's clock forward: `{ seconds: 3600 }` or `{ duration: 'P32D' }`. */
    advanceClock: (by) => call(baseURL, apiKey, 'POST', '/sandbox/clock/advance', by),
    /** The account's clock: `{ now, offset_seconds }`. */
    clock: () => call(baseURL, apiKey, 'GET', '/sandbox/clock'),
    /** The account's whole state as JSON (PANs and secrets sealed), for `restore` to put back. */
    snapshot: () => call(baseURL, apiKey, 'POST', '/sandbox/snapshot'),
    /** Replaces the account's data with a snapshot's, tokens kept (a fixture loaded in one call). */
    restore: (snapshot) => call(baseURL, apiKey, 'POST', '/sandbox/restore', snapshot),
  };
}

async function call(baseURL, apiKey, method, path, body) {
  const response = await fetch(new URL(path, baseURL), {
    method,
    headers: { authorization: apiKey, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}
