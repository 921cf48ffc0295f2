// Small labels: a coloured badge, a state in words, a result code, the "Live" marker.
import { html } from 'htm/preact';
import { titleCase } from '../lib/format.js';

const TONES = {
  OPEN: 'green',
  APPROVED: 'green',
  SETTLED: 'green',
  PAUSED: 'amber',
  PENDING: 'blue',
  // A PHYSICAL card on its way: being made, then shipped and waiting for its owner to activate it.
  PENDING_FULFILLMENT: 'blue',
  PENDING_ACTIVATION: 'blue',
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

/** Which API made a card or a charge: Lithic's (/v1/cards, a bare key) or Privacy.com's (/v1/card, api-key). */
export function ApiBadge({ api }) {
  if (!api) return null;
  return api === 'PRIVACY'
    ? html`<${Badge} tone="blue">Privacy API<//>`
    : html`<${Badge} tone="gray">Lithic API<//>`;
}
