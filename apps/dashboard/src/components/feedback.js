// What the page says back: an error in words, a loading line, and short notices ("Card paused").
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';

/** An API failure (or a form's own check) in words, with the request id the sandbox logged it under. */
export function ErrorMessage({ error }) {
  if (!error) return null;
  return html`<div class="error" role="alert">
    ${error.status === 0 && html`<strong>Connection problem</strong>`}
    ${error.status > 0 && html`<strong>The sandbox answered ${error.status}</strong>`}
    <span>${error.message}</span>
    ${error.requestId && html`<small>Request id ${error.requestId}</small>`}
  </div>`;
}

export function Loading({ label = 'Loading…' }) {
  return html`<p class="muted loading" aria-busy="true">${label}</p>`;
}

// Notices: short confirmations announced politely and gone after a few seconds.
const listeners = new Set();
let noticeId = 0;
export function notify(message) {
  const notice = { id: ++noticeId, message };
  for (const listener of listeners) listener(notice);
}

export function Notices() {
  const [notices, setNotices] = useState([]);
  useEffect(() => {
    const listener = (notice) => {
      setNotices((all) => [...all, notice]);
      setTimeout(() => setNotices((all) => all.filter((n) => n.id !== notice.id)), 3500);
    };
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return html`<div class="notices" role="status" aria-live="polite">
    ${notices.map((n) => html`<div class="notice" key=${n.id}>${n.message}</div>`)}
  </div>`;
}

/** A form's footer: the action's error, Cancel, and the submit button that shows the action running. */
export function FormActions({ action, onCancel, label, busyLabel }) {
  return html`<${ErrorMessage} error=${action.error} />
    <div class="actions">
      <button type="button" class="button" onClick=${onCancel}>Cancel</button>
      <button class="button button-primary" disabled=${action.busy}>
        ${action.busy ? busyLabel : label}
      </button>
    </div>`;
}
