import { describe, expect, it } from '@jest/globals';
import Lithic from 'lithic';
import { newWebhookSecret, signWebhook } from './webhook-signature.js';

const client = new Lithic({ apiKey: 'unused', baseURL: 'http://127.0.0.1:1' });
const secret = newWebhookSecret();
const body = JSON.stringify({ event_type: 'card.created', card_token: 'c0ffee' });

interface Delivery {
  body: string;
  headers: Record<string, string>;
  secret: string;
}
const signed = (): Delivery => ({
  body,
  headers: { ...signWebhook(secret, 'msg_1', body, new Date()) },
  secret,
});

describe('webhook signatures', () => {
  it('are accepted by the SDK with the same secret', () => {
    const d = signed();
    expect(client.webhooks.parse(d.body, { headers: d.headers, secret: d.secret })).toEqual(JSON.parse(body));
  });

  it.each<[string, (d: Delivery) => Delivery]>([
    ['another secret', (d) => ({ ...d, secret: newWebhookSecret() })],
    ['a changed body', (d) => ({ ...d, body: d.body.replace('c0ffee', 'decaf') })],
    ['another id', (d) => ({ ...d, headers: { ...d.headers, 'webhook-id': 'msg_2' } })],
    [
      'a timestamp six minutes old',
      (d) => ({ ...d, headers: { ...signWebhook(secret, 'msg_1', body, new Date(Date.now() - 360_000)) } }),
    ],
  ])('are refused with %s', (_case, change) => {
    const d = change(signed());
    expect(() => client.webhooks.parse(d.body, { headers: d.headers, secret: d.secret })).toThrow();
  });

  it('use whsec_ secrets of 32 random bytes', () => {
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});
