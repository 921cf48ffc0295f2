import type { EventRecord, EventSubscriptionRecord, MessageAttemptRecord } from './records.js';

export function toEventResponse(event: EventRecord, withContent = true) {
  return {
    token: event.token,
    event_type: event.event_type,
    payload: withContent ? event.payload : {},
    created: event.created.toISOString(),
  };
}

/** The secret is never part of it: only GET .../secret shows it. */
export function toEventSubscriptionResponse(subscription: EventSubscriptionRecord) {
  return {
    token: subscription.token,
    url: subscription.url,
    description: subscription.description,
    disabled: subscription.disabled,
    event_types: subscription.event_types,
  };
}

export function toMessageAttemptResponse(attempt: MessageAttemptRecord) {
  return {
    token: attempt.token,
    event_token: attempt.event_token,
    event_subscription_token: attempt.event_subscription_token,
    url: attempt.url,
    status: attempt.status,
    response_status_code: attempt.response_status_code,
    response: attempt.response,
    created: attempt.created.toISOString(),
  };
}

/**
 * What a receiver gets: the payload with its `event_type`, as the spec's `webhooks` section and the
 * SDK's `ParsedWebhookEvent` types describe it (the event's token is the `webhook-id` header).
 */
export function webhookBody(eventType: string, payload: Record<string, unknown>): string {
  return JSON.stringify({ event_type: eventType, ...payload });
}
