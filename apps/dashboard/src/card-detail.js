// One card: its face with reveal and copy, its details and actions, a charge simulator, its transactions.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from './api.js';
import { ChargeForm } from './charge-form.js';
import { LimitFields, readLimit } from './create-card.js';
import {
  CARD_TYPES,
  centsToInput,
  describeSpend,
  formatCents,
  formatDate,
  groupPan,
  maskedPan,
  titleCase,
  typeLabel,
} from './format.js';
import { TransactionsTable } from './transactions.js';
import {
  Badge,
  CopyButton,
  Dialog,
  ErrorMessage,
  Loading,
  notify,
  StatusBadge,
  useFields,
  useLoader,
} from './ui.js';

const network = (pan) => (pan.startsWith('4') ? 'VISA' : 'Mastercard');

function CardFace({ card }) {
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

function EditDialog({ card, open, onClose, onSaved }) {
  return html`<${Dialog} open=${open} title="Edit card" onClose=${onClose}>
    <${EditForm} card=${card} onCancel=${onClose} onSaved=${onSaved} />
  <//>`;
}

/** Starts from the card as it was when the dialog opened; the page's refreshes do not reset it. */
function EditForm({ card, onCancel, onSaved }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const fields = useFields({
    memo: card.memo,
    spend_limit: centsToInput(card.spend_limit),
    spend_limit_duration: card.spend_limit_duration,
  });
  const submit = async (event) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const { values } = fields;
      await api.updateCard(card.token, { memo: values.memo.trim(), ...readLimit(values) });
      onSaved('Card updated');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="form" onSubmit=${submit} novalidate>
    <label class="field">
      <span>Memo</span>
      <input ...${fields.text('memo')} maxlength="255" autocomplete="off" autofocus />
    </label>
    <${LimitFields} fields=${fields} />
    <${ErrorMessage} error=${error} />
    <div class="actions">
      <button type="button" class="button" onClick=${onCancel}>Cancel</button>
      <button class="button button-primary" disabled=${busy}>${busy ? 'Saving…' : 'Save changes'}</button>
    </div>
  </form>`;
}

function CloseDialog({ card, open, onClose, onClosed }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.updateCard(card.token, { state: 'CLOSED' });
      onClosed(`Card ${maskedPan(card.last_four)} closed`);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return html`<${Dialog} open=${open} title="Close this card?" onClose=${onClose}>
    <p>
      Closing <strong class="mono">${maskedPan(card.last_four)}</strong> is final: it cannot be reopened, and
      every later charge on it declines with <code>CARD_CLOSED</code>. Pending charges can still be cleared.
    </p>
    <${ErrorMessage} error=${error} />
    <div class="actions">
      <button type="button" class="button" autofocus onClick=${onClose}>Keep card</button>
      <button type="button" class="button button-danger" disabled=${busy} onClick=${confirm}>
        ${busy ? 'Closing…' : 'Close card'}
      </button>
    </div>
  <//>`;
}

function CardActions({ card, onChanged }) {
  const [dialog, setDialog] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const done = (message) => {
    setDialog(null);
    notify(message);
    onChanged();
  };
  const setState = async (state) => {
    setBusy(true);
    setError(null);
    try {
      await api.updateCard(card.token, { state });
      done(state === 'PAUSED' ? 'Card paused' : 'Card resumed');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const closed = card.state === 'CLOSED';
  return html`<div class="card-actions">
    <div class="actions">
      ${
        card.state === 'OPEN' &&
        html`<button type="button" class="button" disabled=${busy} onClick=${() => setState('PAUSED')}>
          Pause
        </button>`
      }
      ${
        card.state === 'PAUSED' &&
        html`<button type="button" class="button" disabled=${busy} onClick=${() => setState('OPEN')}>
          Resume
        </button>`
      }
      ${!closed && html`<button type="button" class="button" onClick=${() => setDialog('edit')}>Edit</button>`}
      ${
        !closed &&
        html`<button type="button" class="button button-danger-outline" onClick=${() => setDialog('close')}>
          Close card
        </button>`
      }
    </div>
    <${ErrorMessage} error=${error} />
    <${EditDialog} card=${card} open=${dialog === 'edit'} onClose=${() => setDialog(null)} onSaved=${done} />
    <${CloseDialog}
      card=${card}
      open=${dialog === 'close'}
      onClose=${() => setDialog(null)}
      onClosed=${done}
    />
  </div>`;
}

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

function Details({ card, limits }) {
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

export function CardPage({ token }) {
  const [version, setVersion] = useState(0);
  const loaded = useLoader(
    async () => {
      const [card, limits] = await Promise.all([api.getCard(token), api.spendLimits(token)]);
      return { card, limits };
    },
    [token],
    { pollMs: 4000 },
  );
  // After a charge or an action: the card (state, usage) and its transactions both change.
  const changed = () => {
    loaded.reload();
    setVersion((v) => v + 1);
  };
  const back = html`<a class="back-link" href="#/cards">← All cards</a>`;
  if (!loaded.data)
    return html`${back}${loaded.error ? html`<${ErrorMessage} error=${loaded.error} />` : html`<${Loading} label="Loading card…" />`}`;
  const { card, limits } = loaded.data;
  return html`<section aria-labelledby="card-title">
    ${back}
    <div class="page-head">
      <div>
        <h1 id="card-title">${card.memo || 'Untitled card'}</h1>
        <p class="head-meta">
          <${StatusBadge} value=${card.state} />
          <${Badge}>${typeLabel(card.type)}<//>
          <span class="mono muted nowrap">${maskedPan(card.last_four)}</span>
        </p>
      </div>
      <${CardActions} card=${card} onChanged=${changed} />
    </div>
    <${ErrorMessage} error=${loaded.error} />
    <div class="card-grid">
      <div class="panel card-panel"><${CardFace} key=${card.token} card=${card} /></div>
      <section class="panel" aria-labelledby="details-title">
        <h2 id="details-title">Details</h2>
        <${Details} card=${card} limits=${limits} />
      </section>
    </div>
    <${ChargeForm} card=${card} onCharged=${changed} />
    <section class="panel table-panel" aria-labelledby="card-transactions-title">
      <div class="panel-head">
        <h2 id="card-transactions-title">Transactions</h2>
        <span class="live"><span class="live-dot" aria-hidden="true"></span>Live</span>
      </div>
      <${TransactionsTable} cardToken=${card.token} refreshKey=${version} onChanged=${changed} />
    </section>
  </section>`;
}
