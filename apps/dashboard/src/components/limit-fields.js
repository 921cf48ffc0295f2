// A card's spend limit and its period: the fields of the create and edit forms, and their reading.
import { html } from 'htm/preact';
import { DURATIONS, parseCents } from '../lib/format.js';

/** The two fields; `fields` is the form's useFields(). */
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

/** The fields' values as the API takes them; throws a readable error when the amount is not one. */
export function readLimit(values) {
  const text = values.spend_limit.trim();
  const cents = text === '' ? 0 : parseCents(text);
  if (cents === null) throw { message: `“${text}” is not an amount. Write it like 25 or 25.50.` };
  return { spend_limit: cents, spend_limit_duration: values.spend_limit_duration };
}
