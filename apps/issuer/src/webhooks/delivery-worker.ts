import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { assertUnreachable } from '#domain';
import { Environment, OutboundHttp, settledWithin, signWebhook } from '#platform';
import { CardVault, WebhooksRepository, type ClaimedAttempt, type DeliveryOutcome } from '#persistence';
import { webhookBody } from '#lithic-wire';
import { PrivacyWebhookBody } from '../privacy/privacy-webhook-body.js';
import { retryDelayMs, retrySchedule } from './backoff.js';

const POLL_EVERY_MS = 200;
const CLAIM_BATCH = 20;
/** Sends in flight per process; a slow receiver holds one slot each, not the whole queue. */
const MAX_IN_FLIGHT = 100;
/** A lease outlives the send's timeout by this much, so a live sender always records first. */
const LEASE_MARGIN_MS = 10_000;
/** A longer answer is not read (the attempt fails); of what is read, the start is stored. */
const RESPONSE_MAX_READ_BYTES = 64 * 1024;
const RESPONSE_MAX_BYTES = 1024;

/**
 * Delivers queued webhook attempts. Each tick leases due attempts in one short statement and sends
 * them outside any transaction; the outcome is recorded afterwards, with the next try queued on
 * failure. Any number of processes may run it (SKIP LOCKED); a crash leaves SENDING rows whose
 * lease runs out, and they then count as failed with the next attempt queued, so delivery is at
 * least once and nothing is lost. Sends go through OutboundHttp: a deadline that always fires, the
 * address policy, a capped read.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('webhooks');
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private timer?: NodeJS.Timeout;
  private tick?: Promise<void>;

  constructor(
    @Inject(WebhooksRepository) private readonly webhooks: WebhooksRepository,
    @Inject(CardVault) private readonly vault: CardVault,
    @Inject(Environment) private readonly env: Environment,
    @Inject(OutboundHttp) private readonly http: OutboundHttp,
    @Inject(PrivacyWebhookBody) private readonly privacy: PrivacyWebhookBody,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  /** Before the database closes (onApplicationShutdown): cut sends short and hand their leases back. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    clearTimeout(this.timer);
    // A query stuck behind another process's locks must not hold the shutdown: whatever is not
    // finished keeps its lease, and the lease hands it to the next worker.
    const sends = this.inFlight.size;
    if (!(await settledWithin(Promise.allSettled([this.tick, ...this.inFlight]))))
      this.logger.warn({
        msg: 'stopping with webhook work unfinished; its leases hand it to the next worker',
        sends_in_flight: this.inFlight.size,
        sends_at_stop: sends,
      });
  }

  private schedule(delayMs: number): void {
    if (this.stopping.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.tick = this.claimAndSend().then((claimedFullBatch) =>
        // A full batch means more may be due: go again at once rather than after the interval.
        this.schedule(claimedFullBatch ? 0 : POLL_EVERY_MS),
      );
    }, delayMs);
    this.timer.unref();
  }

  private async claimAndSend(): Promise<boolean> {
    const room = Math.min(CLAIM_BATCH, MAX_IN_FLIGHT - this.inFlight.size);
    if (room <= 0) return false;
    let claimed: ClaimedAttempt[];
    try {
      // A sender that crashed or stalled past its lease gets no second chance at that attempt: it
      // counts as failed and the next one is queued, so nothing stays SENDING for good.
      await this.webhooks.failExpiredLeases(CLAIM_BATCH, {
        delaysMs: retrySchedule(this.env.WEBHOOK_RETRY_BASE_MS, this.env.WEBHOOK_MAX_ATTEMPTS),
      });
      claimed = await this.webhooks.claimDue(room, this.env.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS);
    } catch (error) {
      // Also the database closing under a stopping app; either way the rows stay queued.
      if (!this.stopping.signal.aborted)
        this.logger.warn({
          msg: 'claiming webhook attempts failed; the next tick retries',
          error: String(error),
        });
      return false;
    }
    for (const attempt of claimed) {
      const sending = this.deliver(attempt).finally(() => this.inFlight.delete(sending));
      this.inFlight.add(sending);
    }
    return claimed.length === room;
  }

  private async deliver(attempt: ClaimedAttempt): Promise<void> {
    try {
      const outcome = attempt.disabled
        ? this.failure(attempt, 0, 'Not sent: the event subscription is disabled', false)
        : await this.send(attempt);
      if (outcome) await this.webhooks.recordDelivery(attempt, outcome);
      else await this.webhooks.releaseLease(attempt);
    } catch (error) {
      // The lease runs out and another tick sends it again: at least once.
      this.logger.warn({
        msg: 'recording a webhook attempt failed',
        attempt: attempt.token,
        error: String(error),
      });
    }
  }

  /** The outcome, or null when the send was cut short by shutdown (not the receiver's fault). */
  private async send(attempt: ClaimedAttempt): Promise<DeliveryOutcome | null> {
    const message = await this.message(attempt);
    if (!message)
      return this.failure(attempt, 0, 'Not sent: no transaction to send to a Privacy webhook', false);
    const { body } = message;
    const answer = await this.http.post({
      url: attempt.url,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'card-sandbox-webhooks/1',
        ...message.headers,
      },
      body,
      timeoutMs: this.env.WEBHOOK_TIMEOUT_MS,
      maxResponseBytes: RESPONSE_MAX_READ_BYTES,
      signal: this.stopping.signal,
      faults: { accountToken: attempt.accountToken, target: 'webhooks' },
    });
    if (answer.ok) {
      const text = storable(answer.body);
      if (answer.status >= 200 && answer.status < 300)
        return { status: 'SUCCESS', statusCode: answer.status, response: text, retryInMs: null };
      return this.failure(attempt, answer.status, text, true);
    }
    switch (answer.failure) {
      case 'ABORTED':
        return null;
      case 'TIMEOUT':
        return this.failure(attempt, 0, `${answer.message} (WEBHOOK_TIMEOUT_MS)`, true);
      case 'REFUSED':
        // The address policy does not change while the process runs; recover() queues it again.
        return this.failure(attempt, 0, answer.message, false);
      case 'TOO_LARGE':
      case 'NETWORK':
        return this.failure(attempt, answer.status, answer.message, true);
      default:
        return assertUnreachable(answer.failure);
    }
  }

  /** Lithic's body signed with standardwebhooks, or, to a Privacy webhook, Privacy's (null: none). */
  private async message(
    attempt: ClaimedAttempt,
  ): Promise<{ body: string; headers: Record<string, string> } | null> {
    if (attempt.format === 'PRIVACY') return this.privacy.build(attempt);
    const body = webhookBody(attempt.eventType, attempt.payload);
    const secret = this.vault.open('signing-secret', attempt.secretSealed);
    return { body, headers: { ...signWebhook(secret, attempt.eventToken, body, new Date()) } };
  }

  /** Retries back off exponentially from WEBHOOK_RETRY_BASE_MS, up to WEBHOOK_MAX_ATTEMPTS in all. */
  private failure(
    attempt: ClaimedAttempt,
    statusCode: number,
    response: string,
    retry: boolean,
  ): DeliveryOutcome {
    const retryInMs = retry
      ? retryDelayMs(attempt.attempt, this.env.WEBHOOK_RETRY_BASE_MS, this.env.WEBHOOK_MAX_ATTEMPTS)
      : null;
    this.logger.debug({
      msg: 'webhook attempt failed',
      attempt: attempt.token,
      event: attempt.eventToken,
      status_code: statusCode,
      retry_in_ms: retryInMs,
    });
    return { status: 'FAILED', statusCode, response, retryInMs };
  }
}

/** At most RESPONSE_MAX_BYTES of the body, cut on a character boundary; NUL cannot go in text. */
function storable(body: Buffer): string {
  let end = Math.min(body.length, RESPONSE_MAX_BYTES);
  // Back off a UTF-8 sequence the cut would split (continuation bytes are 10xxxxxx).
  if (end < body.length) while (end > 0 && (body[end] & 0xc0) === 0x80) end--;
  return body.subarray(0, end).toString('utf8').replace(/\0/g, '');
}
