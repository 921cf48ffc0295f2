// What can be done to a card: ship and activate a physical one, pause or resume it, edit its memo and
// limit, close it for good.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { ConfirmDialog, Dialog } from '../../components/dialog.js';
import { ErrorMessage, notify } from '../../components/feedback.js';
import { LimitFields, readLimit } from '../../components/limit-fields.js';
import { api } from '../../lib/api.js';
import { centsToInput, maskedPan } from '../../lib/format.js';
import { useAction, useFields } from '../../lib/hooks.js';

/** Starts from the card as it was when the dialog opened; the page's refreshes do not reset it. */
function EditForm({ card, onCancel, onSaved }) {
  const fields = useFields({
    memo: card.memo,
    spend_limit: centsToInput(card.spend_limit),
    spend_limit_duration: card.spend_limit_duration,
  });
  const save = useAction(async () => {
    const { values } = fields;
    await api.updateCard(card.token, { memo: values.memo.trim(), ...readLimit(values) });
    onSaved('Card updated');
  });
  return html`<form class="form" onSubmit=${save.submit} novalidate>
    <label class="field">
      <span>Memo</span>
      <input ...${fields.text('memo')} maxlength="255" autocomplete="off" autofocus />
    </label>
    <${LimitFields} fields=${fields} />
    <${ErrorMessage} error=${save.error} />
    <div class="actions">
      <button type="button" class="button" onClick=${onCancel}>Cancel</button>
      <button class="button button-primary" disabled=${save.busy}>
        ${save.busy ? 'Saving…' : 'Save changes'}
      </button>
    </div>
  </form>`;
}

const setState = (state) => (card) => api.updateCard(card.token, { state });

/** The one step forward from each state a card can leave (a closed card has none). */
const NEXT_STEP = {
  PENDING_FULFILLMENT: {
    label: 'Ship',
    title: "Stands in for Lithic's fulfilment batch (POST /sandbox/cards/{token}/ship)",
    run: (card) => api.shipCard(card.token),
    done: 'Card shipped: activate it once it arrives',
  },
  PENDING_ACTIVATION: {
    label: 'Activate',
    title: 'What an integration does once the cardholder has the card: state OPEN',
    run: setState('OPEN'),
    done: 'Card activated',
  },
  OPEN: { label: 'Pause', run: setState('PAUSED'), done: 'Card paused' },
  PAUSED: { label: 'Resume', run: setState('OPEN'), done: 'Card resumed' },
};

export function CardActions({ card, onChanged }) {
  const [dialog, setDialog] = useState(null);
  const done = (message) => {
    setDialog(null);
    notify(message);
    onChanged();
  };
  const next = NEXT_STEP[card.state];
  const step = useAction(async () => {
    await next.run(card);
    done(next.done);
  });
  const closeCard = async () => {
    await api.updateCard(card.token, { state: 'CLOSED' });
    done(`Card ${maskedPan(card.last_four)} closed`);
  };
  const closed = card.state === 'CLOSED';
  return html`<div class="card-actions">
    <div class="actions">
      ${
        next &&
        html`<button
          type="button"
          class="button"
          title=${next.title}
          disabled=${step.busy}
          onClick=${() => step.run()}
        >
          ${next.label}
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
    <${ErrorMessage} error=${step.error} />
    <${Dialog} open=${dialog === 'edit'} title="Edit card" onClose=${() => setDialog(null)}>
      <${EditForm} card=${card} onCancel=${() => setDialog(null)} onSaved=${done} />
    <//>
    <${ConfirmDialog}
      open=${dialog === 'close'}
      title="Close this card?"
      onClose=${() => setDialog(null)}
      onConfirm=${closeCard}
      keepLabel="Keep card"
      confirmLabel="Close card"
      busyLabel="Closing…"
    >
      <p>
        Closing <strong class="mono">${maskedPan(card.last_four)}</strong> is final: it cannot be reopened,
        and every later charge on it declines with <code>CARD_CLOSED</code>. Pending charges can still be
        cleared.
      </p>
    <//>
  </div>`;
}
