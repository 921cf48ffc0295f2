// What the webhooks screens share: the refresh interval, the event types, running a button's action
// and showing an attempt's answer.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { EMITTED_EVENT_TYPES } from './format.js';
import { notify } from './ui.js';

export const POLL_MS = 3000;
export const TYPES = Object.keys(EMITTED_EVENT_TYPES);

/** Runs an action for a button: `busy` names the one running, a failure is kept to be shown. */
export function useAction() {
  const [busy, setBusy] = useState(null);
  const [error, setError] = useState(null);
  const run = async (name, action) => {
    setBusy(name);
    setError(null);
    try {
      const message = await action();
      if (message) notify(message);
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    } finally {
      setBusy(null);
    }
  };
  return { busy, error, run, clearError: () => setError(null) };
}

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
