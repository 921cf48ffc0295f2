// The card as a picture: number, expiry and CVV hidden until revealed, each with a copy button.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { groupPan, maskedPan, titleCase, typeLabel } from '../lib/format.js';
import { CopyButton } from './copy-button.js';

const network = (pan) => (pan.startsWith('4') ? 'VISA' : 'Mastercard');

export function CardFace({ card }) {
  const [revealed, setRevealed] = useState(false);
  const expiry = `${card.exp_month}/${card.exp_year.slice(-2)}`;
  return html`<div class="card-face-wrap">
    <figure
      class=${`card-face card-face-${card.state.toLowerCase()}`}
      aria-label=${`Card ${maskedPan(card.last_four)}`}
    >
      <div class="card-face-top">
        <span class="card-face-brand"><span class="brand-mark" aria-hidden="true"></span>Card Sandbox</span>
        <span class="card-face-type">${typeLabel(card.type)}</span>
      </div>
      <span class="chip" aria-hidden="true"></span>
      <div class="card-face-pan">
        <span class="mono">${revealed ? groupPan(card.pan) : `•••• •••• •••• ${card.last_four}`}</span>
        ${revealed && html`<${CopyButton} text=${card.pan} label="card number" />`}
      </div>
      <div class="card-face-bottom">
        <div>
          <small>Valid thru</small>
          <span class="mono">${expiry}</span>
          ${revealed && html`<${CopyButton} text=${expiry} label="expiry" />`}
        </div>
        <div>
          <small>CVV</small>
          <span class="mono">${revealed ? card.cvv : '•••'}</span>
          ${revealed && html`<${CopyButton} text=${card.cvv} label="CVV" />`}
        </div>
        <span class="card-face-network">${network(card.pan)}</span>
      </div>
      ${card.state !== 'OPEN' && html`<span class="card-face-stamp">${titleCase(card.state)}</span>`}
    </figure>
    <button
      type="button"
      class="button reveal-button"
      aria-pressed=${revealed ? 'true' : 'false'}
      onClick=${() => setRevealed(!revealed)}
    >
      ${revealed ? 'Hide card details' : 'Reveal card details'}
    </button>
  </div>`;
}
