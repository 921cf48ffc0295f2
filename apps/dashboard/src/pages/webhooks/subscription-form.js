// The New subscription form: URL, description and the event types to deliver.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { FormActions } from '../../components/feedback.js';
import { api } from '../../lib/api.js';
import { EMITTED_EVENT_TYPES } from '../../lib/format.js';
import { useAction, useFields } from '../../lib/hooks.js';
import { TYPES } from './shared.js';

export function SubscriptionForm({ onCancel, onCreated }) {
  const [all, setAll] = useState(true);
  const [types, setTypes] = useState([]);
  const fields = useFields({ url: '', description: '' });

  const pick = (type, checked) => {
    setTypes((current) => (checked ? [...current, type] : current.filter((t) => t !== type)));
    if (checked) setAll(false);
  };
  const pickAll = (checked) => {
    setAll(checked);
    if (checked) setTypes([]);
  };
  const create = useAction(async () => {
    const url = fields.values.url.trim();
    const description = fields.values.description.trim();
    if (!url) throw { message: 'Enter the URL to deliver events to, e.g. https://example.com/webhooks.' };
    if (!all && types.length === 0)
      throw { message: 'Choose the event types to deliver, or All event types.' };
    const created = await api.createSubscription({
      url,
      ...(description ? { description } : {}),
      ...(all ? {} : { event_types: TYPES.filter((t) => types.includes(t)) }),
    });
    onCreated(created);
  });

  // Editing clears a shown error. The checkboxes act on `input` too, before that clearing re-renders
  // them: on `change`, which comes after, the re-render in between undid the click.
  return html`<form class="form" onSubmit=${create.submit} onInput=${create.clear} novalidate>
    <label class="field">
      <span>URL</span>
      <input
        ...${fields.text('url')}
        type="url"
        inputmode="url"
        placeholder="https://example.com/webhooks"
        autocomplete="off"
        spellcheck="false"
        autofocus
        aria-describedby="url-hint"
      />
      <small id="url-hint" class="hint"
        >http or https; a local address such as http://127.0.0.1:3000 works.</small
      >
    </label>
    <label class="field">
      <span>Description <span class="optional">optional</span></span>
      <input
        ...${fields.text('description')}
        maxlength="512"
        placeholder="e.g. Local test server"
        autocomplete="off"
      />
    </label>
    <fieldset class="choice-group">
      <legend>Event types</legend>
      <div class="type-choices">
        <label class="choice">
          <input
            type="checkbox"
            name="all"
            checked=${all}
            onInput=${(e) => pickAll(e.currentTarget.checked)}
          />
          <span class="choice-body">
            <strong>All event types</strong>
            <small>Every event of this account, including types added later.</small>
          </span>
        </label>
        ${TYPES.map(
          (type) =>
            html`<label class="choice" key=${type}>
              <input
                type="checkbox"
                name="event_types"
                value=${type}
                checked=${types.includes(type)}
                onInput=${(e) => pick(type, e.currentTarget.checked)}
              />
              <span class="choice-body">
                <strong class="mono">${type}</strong>
                <small>${EMITTED_EVENT_TYPES[type]}</small>
              </span>
            </label>`,
        )}
      </div>
    </fieldset>
    <${FormActions} action=${create} onCancel=${onCancel} label="Add subscription" busyLabel="Adding…" />
  </form>`;
}
