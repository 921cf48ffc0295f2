// The key gate: asks for an API key and keeps it for this tab once the sandbox accepts it.
import { html } from 'htm/preact';
import { ErrorMessage } from '../components/feedback.js';
import { api, rememberKey } from '../lib/api.js';
import { useAction } from '../lib/hooks.js';

export function KeyForm({ reason, onConnected, onCancel }) {
  const connect = useAction(async (key) => {
    if (!key) throw { message: 'Enter an API key.' };
    try {
      await api.checkKey(key);
    } catch (failure) {
      if (failure.status !== 401) throw failure;
      throw { message: `The sandbox did not accept this key (${failure.message}). Check it and try again.` };
    }
    rememberKey(key);
    onConnected(key);
  });
  const submit = (event) => {
    event.preventDefault();
    connect.run(new FormData(event.currentTarget).get('api_key').trim());
  };
  return html`<main class="gate">
    <form class="panel gate-panel" onSubmit=${submit} novalidate>
      <div class="brand brand-large"><span class="brand-mark" aria-hidden="true"></span>Card Sandbox</div>
      <h1>Connect with an API key</h1>
      ${reason && html`<p class="warning" role="alert">${reason}</p>`}
      <p class="muted">
        Use the key the sandbox printed when it started (the <code>API key:</code> line), or the key of an
        account you created. It is kept in this browser tab only.
      </p>
      <label class="field">
        <span>API key</span>
        <input name="api_key" autocomplete="off" spellcheck="false" autofocus required />
      </label>
      <${ErrorMessage} error=${connect.error} />
      <div class="actions">
        ${onCancel && html`<button type="button" class="button" onClick=${onCancel}>Cancel</button>`}
        <button class="button button-primary" disabled=${connect.busy}>
          ${connect.busy ? 'Connecting…' : 'Connect'}
        </button>
      </div>
    </form>
  </main>`;
}
