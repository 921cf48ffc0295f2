import { Inject, Injectable } from '@nestjs/common';
import {
  readResponderAnswer,
  readThreeDsAnswer,
  responderFailed,
  type ResponderDecision,
  type ThreeDsAnswer,
} from '#domain';
import { Environment, OutboundHttp, signWebhook } from '#platform';

/** An answer is a small JSON object; anything longer is not read, and counts as malformed. */
export const RESPONDER_MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * Asks an account's real-time responder to decide an authorization: a signed POST (Standard
 * Webhooks headers, the account's auth stream secret), never from inside a database transaction.
 */
@Injectable()
export class ResponderClient {
  constructor(
    @Inject(Environment) private readonly env: Environment,
    @Inject(OutboundHttp) private readonly http: OutboundHttp,
  ) {}

  /** `accountToken`: whose call it is, so a responder fault (POST /sandbox/faults) can fail it. */
  async ask(
    url: string,
    secret: string,
    eventToken: string,
    request: object,
    accountToken: string,
  ): Promise<ResponderDecision> {
    const fallback = this.env.ASA_FALLBACK;
    const answer = await this.send(url, secret, eventToken, request, accountToken);
    if (!answer.ok) {
      return answer.failure === 'TIMEOUT'
        ? responderFailed('TIMEOUT', fallback, `no answer within ${this.env.ASA_TIMEOUT_MS} ms`)
        : responderFailed('MALFORMED', fallback, answer.message);
    }
    if (answer.status < 200 || answer.status >= 300)
      return responderFailed('MALFORMED', fallback, `it answered HTTP ${answer.status}`);
    return readResponderAnswer(answer.body.toString('utf8'), fallback);
  }

  /**
   * Asks the account's 3DS decisioning endpoint about an authentication (the same signed POST).
   * No answer, or one it cannot read, is decided by ASA_FALLBACK (DECLINE or APPROVE).
   */
  async askThreeDs(
    url: string,
    secret: string,
    eventToken: string,
    request: object,
    accountToken: string,
  ): Promise<ThreeDsAnswer> {
    const answer = await this.send(url, secret, eventToken, request, accountToken);
    const read =
      answer.ok && answer.status >= 200 && answer.status < 300
        ? readThreeDsAnswer(answer.body.toString('utf8'))
        : null;
    return read ?? (this.env.ASA_FALLBACK === 'APPROVE' ? 'APPROVE' : 'DECLINE');
  }

  private send(url: string, secret: string, eventToken: string, request: object, accountToken: string) {
    const body = JSON.stringify(request);
    return this.http.post({
      url,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'card-sandbox-asa/1',
        ...signWebhook(secret, eventToken, body, new Date()),
      },
      body,
      timeoutMs: this.env.ASA_TIMEOUT_MS,
      maxResponseBytes: RESPONDER_MAX_RESPONSE_BYTES,
      faults: { accountToken, target: 'responder' },
    });
  }
}
