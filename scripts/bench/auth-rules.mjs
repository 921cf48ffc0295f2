// Auth Rules v2 for the bench's rule scenarios: promoted CONDITIONAL_BLOCK rules on an MCC no charge
// carries, so every rule in scope is loaded and evaluated and every charge still approves.
import { createCards } from './load.mjs';

async function post(url, apiKey, path, payload) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: apiKey, 'content-type': 'application/json' },
    body: payload === undefined ? undefined : JSON.stringify(payload),
  });
  if (response.status >= 300)
    throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json();
}

const neverMatching = (i) => ({
  conditions: [{ attribute: 'MCC', operation: 'IS_ONE_OF', value: [String(1000 + i)] }],
});

/**
 * `count` promoted rules on the account: on every card (`program_level`), or each on one card of
 * the account that the scenario never charges (`elsewhere`), which a charge must not pay for.
 */
export async function createAuthRules({ url, apiKey }, count, scope) {
  const others = scope === 'elsewhere' ? (await createCards({ url, apiKey, count, inFlight: 10 })).cards : [];
  for (let i = 0; i < count; i++) {
    const where = scope === 'elsewhere' ? { card_tokens: [others[i].token] } : { program_level: true };
    const rule = await post(url, apiKey, '/v2/auth_rules', {
      type: 'CONDITIONAL_BLOCK',
      ...where,
      parameters: neverMatching(i),
    });
    await post(url, apiKey, `/v2/auth_rules/${rule.token}/promote`);
  }
}
