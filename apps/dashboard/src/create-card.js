// The "New card" form: type, memo, spend limit and its period, initial state.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from './api.js';
import { CARD_TYPES, DURATIONS, parseCents } from './format.js';
import { Dialog, ErrorMessage } from './ui.js';

const OFFERED_TYPES = ['SINGLE_USE', 'MERCHANT_LOCKED', 'VIRTUAL'];

/** Spend limit and period fields, shared by the create and edit forms. */
export function LimitFields({ limit = '', duration = 'TRANSACTION' }) {
  return html`<div class="field-row">
    <label class="field">
      <span>Spend limit (USD)</span>
      <input
        name="spend_limit"
        inputmode="decimal"
        placeholder="No limit"
        value=${limit}
        autocomplete="off"
        aria-describedby="limit-hint"
      />
      <small id="limit-hint" class="hint">Leave empty for no limit.</small>
    </label>
    <label class="field">
      <span>Limit period</span>
      <select name="spend_limit_duration" value=${duration}>
        ${Object.entries(DURATIONS).map(
          ([value, label]) =>
            html`<option value=${value}>${label[0].toUpperCase() + label.slice(1)}</option>`,
        )}
      </select>
    </label>
  </div>`;
}

/** Reads the limit fields; throws a readable error when the amount is not one. */
export function readLimit(form) {
  const text = String(form.get('spend_limit') ?? '').trim();
  const cents = text === '' ? 0 : parseCents(text);
  if (cents === null) throw { message: `“${text}” is not an amount. Write it like 25 or 25.50.` };
  return { spend_limit: cents, spend_limit_duration: form.get('spend_limit_duration') };
}

export function CreateCardDialog({ open, onClose, onCreated }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    setError(null);
    onClose();
  };
  const submit = async (event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    setBusy(true);
    try {
      const memo = String(form.get('memo')).trim();
      const card = await api.createCard({
        type: form.get('type'),
        ...(memo ? { memo } : {}),
        ...readLimit(form),
        state: form.get('state'),
      });
      onCreated(card);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return html`<${Dialog} open=${open} title="New card" onClose=${close} wide>
    <form class="form" onSubmit=${submit} novalidate>
      <fieldset class="choice-group">
        <legend>Type</legend>
        <div class="choices">
          ${OFFERED_TYPES.map(
            (type, index) =>
              html`<label class="choice">
                <input
                  type="radio"
                  name="type"
                  value=${type}
                  checked=${index === 0}
                  autofocus=${index === 0}
                />
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
        <input name="memo" maxlength="255" placeholder="e.g. Team lunch, Netflix" autocomplete="off" />
      </label>
      <${LimitFields} />
      <fieldset class="segmented-field">
        <legend>Initial state</legend>
        <div class="segmented">
          <label><input type="radio" name="state" value="OPEN" checked /><span>Open</span></label>
          <label><input type="radio" name="state" value="PAUSED" /><span>Paused</span></label>
        </div>
      </fieldset>
      <${ErrorMessage} error=${error} />
      <div class="actions">
        <button type="button" class="button" onClick=${close}>Cancel</button>
        <button class="button button-primary" disabled=${busy}>${busy ? 'Creating…' : 'Create card'}</button>
      </div>
    </form>
  <//>`;
}
