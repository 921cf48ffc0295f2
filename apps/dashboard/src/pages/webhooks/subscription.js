// One event subscription: its state and types, secret, example sender, recent attempts, delete.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { Badge, Code, StatusBadge } from '../../components/badges.js';
import { CopyButton } from '../../components/copy-button.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { ErrorMessage, notify } from '../../components/feedback.js';
import { api } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import { useAction, useLoader } from '../../lib/hooks.js';
import { AttemptResponse, receives, TYPES } from './shared.js';

function EventTypes({ types }) {
  if (!types?.length) return html`<${Badge} tone="blue">All events<//>`;
  return html`${types.map((type) => html`<${Code} key=${type}>${type}<//>`)}`;
}

function SecretBox({ id, subscription }) {
  const [version, setVersion] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const secret = useLoader(() => api.subscriptionSecret(subscription.token), [subscription.token, version]);
  const rotate = async () => {
    await api.rotateSecret(subscription.token);
    notify('Signing secret rotated');
    setConfirming(false);
    setVersion((v) => v + 1);
  };
  return html`<div class="secret-box" id=${id}>
    <div class="secret-row">
      <span class="secret-label">Signing secret</span>
      ${secret.data && html`<code class="secret-value">${secret.data.secret}</code>`}
      ${!secret.data && !secret.error && html`<span class="muted">Loading…</span>`}
      ${secret.data && html`<${CopyButton} text=${secret.data.secret} label="signing secret" />`}
      <button type="button" class="button button-small" onClick=${() => setConfirming(true)}>Rotate</button>
    </div>
    <small class="hint">
      Verify each delivery’s <code>webhook-signature</code> header with it (Standard Webhooks), e.g. with the
      SDK’s <code>client.webhooks.unwrap()</code>.
    </small>
    <${ErrorMessage} error=${secret.error} />
    <${ConfirmDialog}
      open=${confirming}
      title="Rotate the signing secret?"
      onClose=${() => setConfirming(false)}
      onConfirm=${rotate}
      keepLabel="Keep secret"
      confirmLabel="Rotate secret"
      busyLabel="Rotating…"
    >
      <p>
        Deliveries to <strong class="mono break">${subscription.url}</strong> are signed with a new secret
        from now on, queued retries included; the current one stops verifying at once. Update the receiver
        too.
      </p>
    <//>
  </div>`;
}

function ExampleForm({ subscription, onSent }) {
  // Controlled, so the choice survives the page's polling re-renders.
  const [type, setType] = useState(() => TYPES.find((t) => receives(subscription, t)) ?? TYPES[0]);
  const selectId = `example-${subscription.token}`;
  const send = useAction(async () => {
    await api.sendExample(subscription.token, type);
    notify(`Example ${type} sent`);
    onSent();
  });
  return html`<form class="example-form" onSubmit=${send.submit} novalidate>
    <label class="visually-hidden" for=${selectId}>Example event type</label>
    <select
      id=${selectId}
      name="event_type"
      value=${type}
      onChange=${(event) => setType(event.currentTarget.value)}
    >
      ${TYPES.map((type) => html`<option value=${type} key=${type}>${type}</option>`)}
    </select>
    <button class="button button-small" disabled=${send.busy || subscription.disabled}>
      ${send.busy ? 'Sending…' : 'Send example'}
    </button>
    ${send.error && html`<div class="example-error"><${ErrorMessage} error=${send.error} /></div>`}
  </form>`;
}

function AttemptsTable({ attempts, events, caption }) {
  if (attempts === null) return html`<p class="empty-inline muted">Its attempts could not be loaded.</p>`;
  if (attempts.length === 0)
    return html`<p class="empty-inline muted">No delivery attempts yet. Send an example to try it.</p>`;
  return html`<table class="table attempts-table">
    <caption class="visually-hidden">
      ${caption}
    </caption>
    <thead>
      <tr>
        <th scope="col">Status</th>
        <th scope="col">Event</th>
        <th scope="col">Response</th>
        <th scope="col">Time</th>
      </tr>
    </thead>
    <tbody>
      ${attempts.map((attempt) => {
        const event = events.get(attempt.event_token);
        return html`<tr key=${attempt.token}>
          <td data-label="Status"><${StatusBadge} value=${attempt.status} /></td>
          <td data-label="Event">
            ${
              event
                ? html`<${Code}>${event.event_type}<//>`
                : html`<span class="mono muted small" title=${attempt.event_token}
                    >${attempt.event_token}</span
                  >`
            }
          </td>
          <td data-label="Response"><${AttemptResponse} attempt=${attempt} /></td>
          <td data-label="Time" class="muted nowrap">${formatDateTime(attempt.created)}</td>
        </tr>`;
      })}
    </tbody>
  </table>`;
}

export function Subscription({ subscription: s, attempts, events, onChanged }) {
  const [secretOpen, setSecretOpen] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const headingId = `subscription-${s.token}`;
  const secretId = `secret-${s.token}`;

  const toggle = useAction(async () => {
    await api.updateSubscription(s.token, { url: s.url, disabled: !s.disabled });
    notify(s.disabled ? 'Subscription enabled' : 'Subscription disabled');
    onChanged();
  });
  const remove = async () => {
    await api.deleteSubscription(s.token);
    notify('Subscription deleted');
    setDeleting(false);
    onChanged();
  };

  return html`<article class="panel subscription" aria-labelledby=${headingId}>
    <div class="subscription-head">
      <div class="subscription-title">
        <h3 id=${headingId} class="mono subscription-url">${s.url}</h3>
        ${s.description && html`<p class="muted">${s.description}</p>`}
        <p class="head-meta">
          <${Badge} tone=${s.disabled ? 'gray' : 'green'} dot>${s.disabled ? 'Disabled' : 'Enabled'}<//>
          <${EventTypes} types=${s.event_types} />
        </p>
      </div>
      <div class="subscription-side">
        <div class="actions">
          <button
            type="button"
            class="button button-small"
            disabled=${toggle.busy}
            onClick=${() => toggle.run()}
          >
            ${s.disabled ? 'Enable' : 'Disable'}
          </button>
          <button
            type="button"
            class="button button-small"
            aria-expanded=${secretOpen ? 'true' : 'false'}
            aria-controls=${secretId}
            onClick=${() => setSecretOpen(!secretOpen)}
          >
            ${secretOpen ? 'Hide secret' : 'Signing secret'}
          </button>
          <button
            type="button"
            class="button button-small button-danger-outline"
            onClick=${() => setDeleting(true)}
          >
            Delete
          </button>
        </div>
        <${ExampleForm} subscription=${s} onSent=${onChanged} />
      </div>
    </div>
    ${s.disabled && html`<p class="subscription-note muted small">Disabled: nothing is delivered to it until it is enabled again.</p>`}
    <${ErrorMessage} error=${toggle.error} />
    ${secretOpen && html`<${SecretBox} id=${secretId} subscription=${s} />`}
    <div class="subscription-attempts">
      <h4>Recent attempts</h4>
      <${AttemptsTable} attempts=${attempts} events=${events} caption=${`Recent attempts to ${s.url}`} />
    </div>
    <${ConfirmDialog}
      open=${deleting}
      title="Delete this subscription?"
      onClose=${() => setDeleting(false)}
      onConfirm=${remove}
      keepLabel="Keep subscription"
      confirmLabel="Delete subscription"
      busyLabel="Deleting…"
    >
      <p>
        Nothing more is delivered to <strong class="mono break">${s.url}</strong>, and its delivery attempts
        are deleted with it. The events stay.
      </p>
    <//>
  </article>`;
}
