import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { assertEmbedUnexpired, embedSignedBy, parseEmbedRequest } from './embed-request.js';

const TOKEN = '7ef7d65c-9023-4da3-b113-3b8583fd7951';
const NOW = new Date('2026-03-15T12:00:00.000Z');
const encode = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64');
/** What the SDK's getEmbedURL computes. */
const sign = (serialized: string, key: string) =>
  createHmac('sha256', key).update(serialized).digest('base64');

describe('parseEmbedRequest', () => {
  it('reads what the SDK serialises, keeping the signed text as it came', () => {
    const serialized = JSON.stringify({
      token: TOKEN,
      css: 'https://example.com/card.css',
      expiration: '2026-03-15T12:01:00.000Z',
      target_origin: 'https://app.example.com',
    });
    expect(parseEmbedRequest(encode(serialized))).toEqual({
      serialized,
      request: {
        token: TOKEN,
        css: 'https://example.com/card.css',
        expiration: new Date('2026-03-15T12:01:00.000Z'),
        targetOrigin: 'https://app.example.com',
      },
    });
  });

  it.each([
    ['an expiration without an offset is UTC', '2026-03-15T12:01:00', '2026-03-15T12:01:00.000Z'],
    ['an offset is honoured', '2026-03-15T13:01:00+01:00', '2026-03-15T12:01:00.000Z'],
  ])('%s', (_name, expiration, expected) => {
    expect(parseEmbedRequest(encode({ token: TOKEN, expiration })).request.expiration?.toISOString()).toBe(
      expected,
    );
  });

  it.each<[string, unknown, RegExp]>([
    ['text that is not JSON', 'not json', /embed_request must be the base64 of a JSON object/],
    ['a JSON array', [TOKEN], /embed_request must be the base64 of a JSON object/],
    ['no token', { css: 'https://example.com/a.css' }, /embed_request\.token must be the UUID/],
    ['a token that is not a UUID', { token: 'card-1' }, /embed_request\.token must be the UUID/],
    ['a css that is not a URL', { token: TOKEN, css: 'red' }, /embed_request\.css must be an http\(s\) URL/],
    ['a javascript: css', { token: TOKEN, css: 'javascript:alert(1)' }, /embed_request\.css/],
    [
      'an expiration that is not a time',
      { token: TOKEN, expiration: 'tomorrow' },
      /expiration must be an RFC 3339/,
    ],
    ['a numeric expiration', { token: TOKEN, expiration: 1773576000 }, /expiration must be an RFC 3339/],
    [
      'a target_origin with a path',
      { token: TOKEN, target_origin: 'https://a.example/x' },
      /must be an origin/,
    ],
    [
      'a target_origin that is not http(s)',
      { token: TOKEN, target_origin: 'ftp://a.example' },
      /target_origin/,
    ],
  ])('refuses %s with a 400 naming the field', (_name, body, message) => {
    expect(() => parseEmbedRequest(encode(body))).toThrow(message);
  });
});

describe('embedSignedBy', () => {
  const serialized = JSON.stringify({ token: TOKEN });
  it.each<[string, string, string[], boolean]>([
    ['the HMAC of the text with the key', sign(serialized, 'sk_a'), ['sk_a'], true],
    ['with any one of the account keys', sign(serialized, 'sk_b'), ['sk_a', 'sk_b'], true],
    ['with another key', sign(serialized, 'sk_other'), ['sk_a', 'sk_b'], false],
    ['of other text', sign(JSON.stringify({ token: TOKEN, css: 'x' }), 'sk_a'), ['sk_a'], false],
    ['truncated', sign(serialized, 'sk_a').slice(0, 20), ['sk_a'], false],
    ['when there is no key to check against', sign(serialized, 'sk_a'), [], false],
  ])('%s: %s', (_name, hmac, keys, expected) => {
    expect(embedSignedBy(serialized, hmac, keys)).toBe(expected);
  });
});

describe('assertEmbedUnexpired', () => {
  it.each<[string, Date | undefined, boolean]>([
    ['no expiration never expires', undefined, true],
    ['an expiration a minute ahead', new Date(NOW.getTime() + 60_000), true],
    ['an expiration at this instant', NOW, false],
    ['an expiration a second ago', new Date(NOW.getTime() - 1000), false],
  ])('%s: usable %s', (_name, expiration, usable) => {
    const check = () => assertEmbedUnexpired({ token: TOKEN, expiration }, NOW);
    if (usable) expect(check).not.toThrow();
    else expect(check).toThrow(/embed_request\.expiration: the request expired/);
  });
});
