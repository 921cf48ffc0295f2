// The "New card" dialog: type, memo, spend limit and its period, initial state.
import { html } from 'htm/preact';
import { Dialog } from '../../components/dialog.js';
import { FormActions } from '../../components/feedback.js';
import { LimitFields, readLimit } from '../../components/limit-fields.js';
import { api } from '../../lib/api.js';
import { CARD_TYPES } from '../../lib/format.js';
import { useAction, useFields } from '../../lib/hooks.js';

const OFFERED_TYPES = ['SINGLE_USE', 'MERCHANT_LOCKED', 'VIRTUAL'];

export function CreateCardDialog({ open, onClose, onCreated }) {
  return html`<${Dialog} open=${open} title="New card" onClose=${onClose} wide>
    <${CreateCardForm} onCancel=${onClose} onCreated=${onCreated} />
  <//>`;
}

/** Mounted only while the dialog is open, so each opening starts from the defaults. */
function CreateCardForm({ onCancel, onCreated }) {
  const fields = useFields({
    type: OFFERED_TYPES[0],
    memo: '',
    spend_limit: '',
    spend_limit_duration: 'TRANSACTION',
    state: 'OPEN',
  });
  const create = useAction(async () => {
    const { values } = fields;
    const memo = values.memo.trim();
    const card = await api.createCard({
      type: values.type,
      ...(memo ? { memo } : {}),
      ...readLimit(values),
      state: values.state,
    });
    onCreated(card);
  });
  return html`<form class="form" onSubmit=${create.submit} novalidate>
    <fieldset class="choice-group">
      <legend>Type</legend>
      <div class="choices">
        ${OFFERED_TYPES.map(
          (type, index) =>
            html`<label class="choice">
              <input type="radio" ...${fields.choice('type', type)} autofocus=${index === 0} />
              <span class="choice-body">
                <strong>${CARD_TYPES[type].label}</strong>
                <small>${CARD_TYPES[type].hint}</small>
              </span>
            </label>`,
        )}
      </div>
    </fieldset>
    <label class="field">
      <span>Memo</span>
      <input
        ...${fields.text('memo')}
        maxlength="255"
        placeholder="e.g. Team lunch, Netflix"
        autocomplete="off"
      />
    </label>
    <${LimitFields} fields=${fields} />
    <fieldset class="segmented-field">
      <legend>Initial state</legend>
      <div class="segmented">
        <label><input type="radio" ...${fields.choice('state', 'OPEN')} /><span>Open</span></label>
        <label><input type="radio" ...${fields.choice('state', 'PAUSED')} /><span>Paused</span></label>
      </div>
    </fieldset>
    <${FormActions} action=${create} onCancel=${onCancel} label="Create card" busyLabel="Creating…" />
  </form>`;
}
