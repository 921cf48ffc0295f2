// What the webhooks screens share: the refresh interval, the event types and an attempt's answer.
import { html } from 'htm/preact';
import { EMITTED_EVENT_TYPES } from '../../lib/format.js';

export const POLL_MS = 3000;
export const TYPES = Object.keys(EMITTED_EVENT_TYPES);

export const receives = (subscription, eventType) =>
  !subscription.event_types?.length || subscription.event_types.includes(eventType);

/** "HTTP 500", or why there was no answer. */
export function AttemptResponse({ attempt }) {
  if (attempt.status === 'PENDING' || attempt.status === 'SENDING')
    return html`<span class="muted">${attempt.status === 'PENDING' ? 'Queued' : 'Sending…'}</span>`;
  const detail = attempt.response?.trim();
  return html`<span class="attempt-response">
    <span class="mono"
      >${attempt.response_status_code ? `HTTP ${attempt.response_status_code}` : 'No response'}</span
    >
    ${detail && html`<small class="muted" title=${detail}>${detail}</small>`}
  </span>`;
}
