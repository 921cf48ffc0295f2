// Small labels: a coloured badge, a state in words, a result code, the "Live" marker.
import { html } from 'htm/preact';
import { titleCase } from '../lib/format.js';

const TONES = {
  OPEN: 'green',
  APPROVED: 'green',
  SETTLED: 'green',
  PAUSED: 'amber',
  PENDING: 'blue',
  CLOSED: 'gray',
  VOIDED: 'gray',
  EXPIRED: 'gray',
  DECLINED: 'red',
  // Webhook delivery attempts.
  SUCCESS: 'green',
  SENDING: 'amber',
  FAILED: 'red',
};

export function Badge({ tone = 'gray', children, dot = false }) {
  return html`<span class=${`badge badge-${tone} ${dot ? 'badge-dot' : ''}`}>${children}</span>`;
}

/** A card state or transaction status, in words, coloured by meaning. */
export function StatusBadge({ value }) {
  return html`<${Badge} tone=${TONES[value] ?? 'gray'} dot>${titleCase(value)}<//>`;
}

/** A result code as the API spells it (SINGLE_USE_RECHARGED), so it can be looked up. */
export function Code({ children, tone }) {
  return html`<code class=${`code ${tone ? `code-${tone}` : ''}`}>${children}</code>`;
}

/** Marks a list that refreshes by itself. */
export function Live() {
  return html`<span class="live"><span class="live-dot" aria-hidden="true"></span>Live</span>`;
}
