// The "New card" form: type, memo, spend limit and its period, initial state.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from './api.js';
import { CARD_TYPES, DURATIONS, parseCents } from './format.js';
import { Dialog, ErrorMessage, useFields } from './ui.js';

const OFFERED_TYPES = ['SINGLE_USE', 'MERCHANT_LOCKED', 'VIRTUAL'];

/** Spend limit and period fields, shared by the create and edit forms; `fields` is their useFields(). */
export function LimitFields({ fields }) {
  return html`<div class="field-row field-row-aligned">
    <label class="field">
      <span>Spend limit (USD)</span>
      <input
        ...${fields.text('spend_limit')}
        inputmode="decimal"
        placeholder="No limit"
        autocomplete="off"
        aria-describedby="limit-hint"
      />
      <small id="limit-hint" class="hint">Leave empty for no limit.</small>
    </label>
    <label class="field">
      <span>Limit period</span>
      <select ...${fields.text('spend_limit_duration')}>
        ${Object.entries(DURATIONS).map(
          ([value, label]) =>
            html`<option value=${value}>${label[0].toUpperCase() + label.slice(1)}</option>`,
        )}
      </select>
    </label>
  </div>`;
}

/** The limit fields' values as the API takes them; throws a readable error when the amount is not one. */
export function readLimit(values) {
  const text = values.spend_limit.trim();
  const cents = text === '' ? 0 : parseCents(text);
  if (cents === null) throw { message: `“${text}” is not an amount. Write it like 25 or 25.50.` };
  return { spend_limit: cents, spend_limit_duration: values.spend_limit_duration };
}

export function CreateCardDialog({ open, onClose, onCreated }) {
  return html`<${Dialog} open=${open} title="New card" onClose=${onClose} wide>
    <${CreateCardForm} onCancel=${onClose} onCreated=${onCreated} />
  <//>`;
}

/** Mounted only while the dialog is open, so each opening starts from the defaults. */
function CreateCardForm({ onCancel, onCreated }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const fields = useFields({
    type: OFFERED_TYPES[0],
    memo: '',
    spend_limit: '',
    spend_limit_duration: 'TRANSACTION',
    state: 'OPEN',
  });
  const submit = async (event) => {
    event.preventDefault();
    const { values } = fields;
    setError(null);
    setBusy(true);
    try {
      const memo = values.memo.trim();
      const card = await api.createCard({
        type: values.type,
        ...(memo ? { memo } : {}),
        ...readLimit(values),
        state: values.state,
      });
      onCreated(card);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="form" onSubmit=${submit} novalidate>
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
    <${ErrorMessage} error=${error} />
    <div class="actions">
      <button type="button" class="button" onClick=${onCancel}>Cancel</button>
      <button class="button button-primary" disabled=${busy}>${busy ? 'Creating…' : 'Create card'}</button>
    </div>
  </form>`;
}
