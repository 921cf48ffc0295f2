import { createHmac } from 'node:crypto';

/**
 * The JSON Privacy signs: keys sorted at every depth, no whitespace, non-ASCII escaped as \uXXXX,
 * which is what Privacy's published recipe, Python's
 * `json.dumps(body, sort_keys=True, separators=(',', ':'))`, writes. The webhook's body is this
 * text, so a receiver may sign the bytes it got or re-serialise them: both agree.
 */
export function privacyCanonicalJson(value: unknown): string {
  return canonical(value).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** X-Privacy-HMAC: base64 HMAC-SHA256 of the canonical JSON, keyed by the account's API key. */
export function privacyHmac(body: string, apiKey: string): string {
  return createHmac('sha256', apiKey).update(body).digest('base64');
}
