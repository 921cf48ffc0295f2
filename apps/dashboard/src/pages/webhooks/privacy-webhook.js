// The account's Privacy.com webhook URL: Privacy-style transaction webhooks, signed with X-Privacy-HMAC.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { ErrorMessage, notify } from '../../components/feedback.js';
import { api } from '../../lib/api.js';
import { useAction, useFields, useLoader } from '../../lib/hooks.js';

export function PrivacyWebhook() {
  const current = useLoader(() => api.privacyWebhook(), []);
  const fields = useFields({ url: '' });
  useEffect(() => {
    if (current.data) fields.set('url', current.data);
  }, [current.data]);
  const save = useAction(async () => {
    const url = fields.values.url.trim();
    if (!url)
      throw { message: 'Enter the URL Privacy-style webhooks go to, e.g. http://127.0.0.1:3000/privacy.' };
    await api.setPrivacyWebhook(url);
    notify(`Privacy webhooks go to ${url}`);
    await current.reload();
  });
  const remove = useAction(async () => {
    await api.removePrivacyWebhook();
    fields.set('url', '');
    notify('Privacy webhooks stopped');
    await current.reload();
  });
  return html`<section class="panel webhooks-section" aria-labelledby="privacy-webhook-title">
    <h2 id="privacy-webhook-title">Privacy.com webhook</h2>
    <p class="muted">
      Every transaction (authorization, advice, clearing, void, return) POSTed as Privacy’s Transaction
      object, with <code>X-Privacy-HMAC</code>: base64 HMAC-SHA256 of the JSON with sorted keys, keyed by this
      API key.
    </p>
    <form class="form" onSubmit=${save.submit} onInput=${save.clear} novalidate>
      <label class="field">
        <span>Privacy webhook URL</span>
        <input
          ...${fields.text('url')}
          type="url"
          inputmode="url"
          placeholder="http://127.0.0.1:3000/privacy"
          autocomplete="off"
          spellcheck="false"
        />
      </label>
      <${ErrorMessage} error=${save.error ?? remove.error ?? current.error} />
      <div class="form-actions">
        <button type="submit" class="button button-primary" disabled=${save.busy}>
          ${current.data ? 'Save URL' : 'Set URL'}
        </button>
        ${
          current.data &&
          html`<button type="button" class="button" disabled=${remove.busy} onClick=${() => remove.run()}>
            Stop sending
          </button>`
        }
      </div>
    </form>
  </section>`;
}
