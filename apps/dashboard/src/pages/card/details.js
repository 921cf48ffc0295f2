// A card's details: type, limit and what it has used of it, locked merchant, dates and token.
import { html } from 'htm/preact';
import { CopyButton } from '../../components/copy-button.js';
import { CARD_TYPES, describeSpend, formatCents, formatDate, typeLabel } from '../../lib/format.js';

/** Spend used against the limit: a bar when the limit has a window, plain figures otherwise. */
function SpendMeter({ card, limits }) {
  const spend = describeSpend(card, limits);
  return html`<div class="spend">
    <span>
      <strong>${spend.used === null ? '—' : formatCents(spend.used)}</strong>
      <span class="muted"> / ${spend.limitText}</span>
    </span>
    ${
      spend.ratio !== null &&
      html`<span class="meter" aria-hidden="true">
        <span class=${spend.ratio >= 1 ? 'meter-full' : ''} style=${`width:${spend.ratio * 100}%`}></span>
      </span>`
    }
  </div>`;
}

export function Details({ card, limits }) {
  const spend = describeSpend(card, limits);
  return html`<dl class="details">
    <div>
      <dt>Type</dt>
      <dd>${typeLabel(card.type)} <span class="muted">· ${CARD_TYPES[card.type]?.hint ?? ''}</span></dd>
    </div>
    <div>
      <dt>Spend limit</dt>
      <dd>${spend.limitText}</dd>
    </div>
    <div>
      <dt>${card.spend_limit > 0 && card.spend_limit_duration !== 'TRANSACTION' ? 'Used' : 'Spent'}</dt>
      <dd><${SpendMeter} card=${card} limits=${limits} /></dd>
    </div>
    ${
      (card.type === 'MERCHANT_LOCKED' || card.hostname) &&
      html`<div>
        <dt>Locked merchant</dt>
        <dd>
          ${
            card.hostname
              ? html`<span class="mono">${card.hostname}</span>`
              : html`<span class="muted">Not yet: the first approved merchant</span>`
          }
        </dd>
      </div>`
    }
    <div>
      <dt>Expires</dt>
      <dd>${card.exp_month}/${card.exp_year}</dd>
    </div>
    <div>
      <dt>Created</dt>
      <dd>${formatDate(card.created)}</dd>
    </div>
    <div>
      <dt>Token</dt>
      <dd class="token">
        <span class="mono">${card.token}</span><${CopyButton} text=${card.token} label="card token" />
      </dd>
    </div>
  </dl>`;
}
