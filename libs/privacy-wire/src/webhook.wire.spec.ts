import { describe, expect, it } from '@jest/globals';
import { privacyCanonicalJson, privacyHmac } from './webhook.wire.js';

// Expected values written by Python's json.dumps(body, sort_keys=True, separators=(',', ':')) and
// base64(hmac.new(key, text, sha256)): Privacy's published recipe, run by its own language.
describe("Privacy's webhook signature", () => {
  const body = {
    token: 't-1',
    amount: -250,
    merchant: { descriptor: 'CAFÉ ☕', mcc: '5812' },
    events: [{ type: 'AUTHORIZATION', amount: 250 }],
    card: null,
    ok: true,
  };
  const python =
    '{"amount":-250,"card":null,"events":[{"amount":250,"type":"AUTHORIZATION"}],"merchant":{"descriptor":"CAF\\u00c9 \\u2615","mcc":"5812"},"ok":true,"token":"t-1"}';

  it('serialises as Python does: keys sorted at every depth, compact, non-ASCII escaped', () => {
    expect(privacyCanonicalJson(body)).toBe(python);
  });

  it.each([
    [{ e: '😀' }, '{"e":"\\ud83d\\ude00"}'],
    [{ b: [3, { z: 1, a: 2 }], a: '' }, '{"a":"","b":[3,{"a":2,"z":1}]}'],
    [{ n: 'line\nquote"' }, '{"n":"line\\nquote\\""}'],
  ])('privacyCanonicalJson(%j) is %s', (value, text) => {
    expect(privacyCanonicalJson(value)).toBe(text);
  });

  it('is the base64 HMAC-SHA256 of that text, keyed by the API key', () => {
    expect(privacyHmac(python, 'key-123')).toBe('WWxmfsL6kynaqOipz5IePZ1zDwGHGZacjxmo4vcCNes=');
  });
});
