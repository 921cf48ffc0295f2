import { scrub } from './logger.js';

/** Longer bodies are cut here in the request journal: it is for reading, not for replaying. */
export const JOURNAL_BODY_MAX_CHARS = 64 * 1024;

/**
 * Card data, and secrets that are otherwise only stored sealed or hashed (new API keys, whsec_
 * secrets, PIN blocks).
 */
const SECRET_FIELDS = new Set(['pan', 'cvv', 'pin', 'api_key', 'secret']);
/** Masked whole: even their last characters say too much. */
const WHOLLY_SECRET = new Set(['cvv', 'pin']);
/** `"cvv": "123"` or `"pin": "…"` in text that is not (or no longer, once cut) valid JSON. */
const CVV_IN_TEXT = /("(?:cvv|pin)"\s*:\s*)("[^"]*"|\d+)/gi;

/**
 * A body as it may be stored and shown: `pan`, `cvv`, `pin`, `api_key` and `secret` fields masked at
 * any depth (all but the last four characters; all of a CVV or PIN), then every run
 * of 13+ digits masked as the logs mask it, then cut to JOURNAL_BODY_MAX_CHARS.
 */
export function maskCardData(body: unknown): string | null {
  if (body === undefined || body === null || body === '') return null;
  let text: string;
  if (typeof body === 'string' || Buffer.isBuffer(body)) {
    text = body.toString();
    try {
      text = JSON.stringify(maskFields(JSON.parse(text)));
    } catch {
      text = text.replace(CVV_IN_TEXT, '$1"***"');
    }
  } else {
    text = JSON.stringify(maskFields(body)) ?? '';
  }
  text = scrub(text);
  return text.length > JOURNAL_BODY_MAX_CHARS ? `${text.slice(0, JOURNAL_BODY_MAX_CHARS)}…` : text;
}

function maskFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskFields);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      SECRET_FIELDS.has(key.toLowerCase()) && inner !== null ? mask(String(inner), key) : maskFields(inner),
    ]),
  );
}

function mask(value: string, key: string): string {
  return !WHOLLY_SECRET.has(key.toLowerCase()) && value.length > 8
    ? `${'*'.repeat(value.length - 4)}${value.slice(-4)}`
    : '*'.repeat(Math.max(value.length, 3));
}
