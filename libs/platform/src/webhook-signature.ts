import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

const SECRET_PREFIX = 'whsec_';

/** A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes, what Lithic's SDK expects. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Standard Webhooks signing by the `standardwebhooks` package, the scheme the SDK's
 * `webhooks.parse()` verifies. The timestamp is real time, not the account's sandbox clock:
 * verifiers refuse one more than five minutes from their own clock.
 */
export function signWebhook(secret: string, id: string, body: string, now: Date): SignedHeaders {
  const timestamp = new Date(Math.floor(now.getTime() / 1000) * 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp.getTime() / 1000),
    'webhook-signature': new Webhook(secret).sign(id, timestamp, body),
  };
}
