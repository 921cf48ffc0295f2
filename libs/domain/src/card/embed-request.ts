import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../errors.js';

/** What the SDK's getEmbedURL signs: the card to show and how (Lithic's EmbedRequest). */
export interface EmbedRequest {
  token: string;
  css?: string;
  /** Absent: the request never expires (Lithic's rule). */
  expiration?: Date;
  targetOrigin?: string;
}

/** A signed embed request as it arrives: the base64 of the JSON text, and the HMAC of that text. */
export interface SignedEmbedRequest {
  /** The JSON text exactly as signed: the HMAC covers these bytes, not a re-serialisation. */
  serialized: string;
  request: EmbedRequest;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** RFC 3339 with or without an offset; without one it is UTC, as Lithic documents. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/i;

/** Decodes and checks the shape of `embed_request`; whether it is signed is `embedSignedBy`'s job. */
export function parseEmbedRequest(embedRequest: string): SignedEmbedRequest {
  const serialized = Buffer.from(embedRequest, 'base64').toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(serialized);
  } catch {
    throw invalid('embed_request must be the base64 of a JSON object');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw invalid('embed_request must be the base64 of a JSON object');
  const { token, css, expiration, target_origin } = parsed as Record<string, unknown>;
  if (typeof token !== 'string' || !UUID.test(token))
    throw invalid('embed_request.token must be the UUID of a card');
  return {
    serialized,
    request: {
      token,
      ...(css !== undefined && { css: httpUrl(css, 'embed_request.css') }),
      ...(expiration !== undefined && { expiration: timestamp(expiration) }),
      ...(target_origin !== undefined && { targetOrigin: origin(target_origin) }),
    },
  };
}

/** Whether `hmac` (base64 HMAC-SHA256 of the JSON text) was made with one of `keys`. */
export function embedSignedBy(serialized: string, hmac: string, keys: readonly string[]): boolean {
  const given = Buffer.from(hmac, 'base64');
  return keys.some((key) => {
    const expected = createHmac('sha256', key).update(serialized).digest();
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/** An expired request shows nothing: a copied URL works until its expiration, not after. */
export function assertEmbedUnexpired(request: EmbedRequest, now: Date): void {
  if (request.expiration && request.expiration.getTime() <= now.getTime()) {
    throw invalid(
      `embed_request.expiration: the request expired at ${request.expiration.toISOString()}; sign a new one`,
    );
  }
}

function httpUrl(value: unknown, field: string): string {
  if (typeof value === 'string' && value.length <= 2048) {
    try {
      const url = new URL(value);
      if (url.protocol === 'https:' || url.protocol === 'http:') return value;
    } catch {
      // reported below
    }
  }
  throw invalid(`${field} must be an http(s) URL of at most 2048 characters`);
}

function timestamp(value: unknown): Date {
  if (typeof value === 'string' && TIMESTAMP.test(value)) {
    const zoned = /(Z|[+-]\d{2}:\d{2})$/i.test(value) ? value : `${value}Z`;
    const date = new Date(zoned);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw invalid('embed_request.expiration must be an RFC 3339 timestamp');
}

/** The parent page's origin, which alone may frame the page and hear its clicks. */
function origin(value: unknown): string {
  const url = httpUrl(value, 'embed_request.target_origin');
  if (new URL(url).origin !== url.replace(/\/$/, ''))
    throw invalid('embed_request.target_origin must be an origin: scheme, host and port, no path');
  return new URL(url).origin;
}

function invalid(message: string): DomainError {
  return new DomainError('VALIDATION', message);
}
