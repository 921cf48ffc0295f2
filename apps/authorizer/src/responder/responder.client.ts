import { Inject, Injectable } from '@nestjs/common';
import { readResponderAnswer, responderFailed, type ResponderDecision } from '#domain';
import { Environment, signWebhook } from '#http';

/**
 * Asks an account's real-time responder to decide an authorization: a signed POST (Standard
 * Webhooks headers, the account's auth stream secret), never from inside a database transaction.
 */
@Injectable()
export class ResponderClient {
  constructor(@Inject(Environment) private readonly env: Environment) {}

  async ask(url: string, secret: string, eventToken: string, request: object): Promise<ResponderDecision> {
    const body = JSON.stringify(request);
    const fallback = this.env.ASA_FALLBACK;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signWebhook(secret, eventToken, body, new Date()) },
        body,
        signal: AbortSignal.timeout(this.env.ASA_TIMEOUT_MS),
      });
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      return timedOut
        ? responderFailed('TIMEOUT', fallback, `no answer within ${this.env.ASA_TIMEOUT_MS} ms`)
        : responderFailed('MALFORMED', fallback, `it could not be reached: ${(error as Error).message}`);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) return responderFailed('MALFORMED', fallback, `it answered HTTP ${response.status}`);
    return readResponderAnswer(text, fallback);
  }
}
