// One event subscription: its state and types, secret, example sender, recent attempts, delete.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { api } from './api.js';
import { formatDateTime } from './format.js';
import { Badge, Code, CopyButton, Dialog, ErrorMessage, StatusBadge, useLoader } from './ui.js';
import { AttemptResponse, receives, TYPES, useAction } from './webhook-shared.js';

function EventTypes({ types }) {
  if (!types?.length) return html`<${Badge} tone="blue">All events<//>`;
  return html`${types.map((type) => html`<${Code} key=${type}>${type}<//>`)}`;
}

function SecretBox({ id, subscription }) {
  const [version, setVersion] = useState(0);
  const [confirming, setConfirming] = useState(false);
  const secret = useLoader(() => api.subscriptionSecret(subscription.token), [subscription.token, version]);
  const rotate = useAction();
  const confirm = async () => {
    const done = await rotate.run('rotate', async () => {
      await api.rotateSecret(subscription.token);
      return 'Signing secret rotated';
    });
    if (done) {
      setConfirming(false);
      setVersion((v) => v + 1);
    }
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
    <${Dialog}
      open=${confirming}
      title="Rotate the signing secret?"
      onClose=${() => (rotate.clearError(), setConfirming(false))}
    >
      <p>
        Deliveries to <strong class="mono break">${subscription.url}</strong> are signed with a new secret
        from now on, queued retries included; the current one stops verifying at once. Update the receiver
        too.
      </p>
      <${ErrorMessage} error=${rotate.error} />
      <div class="actions">
        <button type="button" class="button" autofocus onClick=${() => setConfirming(false)}>
          Keep secret
        </button>
        <button
          type="button"
          class="button button-danger"
          disabled=${rotate.busy !== null}
          onClick=${confirm}
        >
          ${rotate.busy ? 'Rotating…' : 'Rotate secret'}
        </button>
      </div>
    <//>
  </div>`;
}

function ExampleForm({ subscription, onSent }) {
  const { busy, error, run } = useAction();
  // Controlled, so the choice survives the page's polling re-renders.
  const [type, setType] = useState(() => TYPES.find((t) => receives(subscription, t)) ?? TYPES[0]);
  const selectId = `example-${subscription.token}`;
  const submit = async (event) => {
    event.preventDefault();
    const sent = await run('send', async () => {
      await api.sendExample(subscription.token, type);
      return `Example ${type} sent`;
    });
    if (sent) onSent();
  };
  return html`<form class="example-form" onSubmit=${submit} novalidate>
    <label class="visually-hidden" for=${selectId}>Example event type</label>
    <select
      id=${selectId}
      name="event_type"
      value=${type}
      onChange=${(event) => setType(event.currentTarget.value)}
    >
      ${TYPES.map((type) => html`<option value=${type} key=${type}>${type}</option>`)}
    </select>
    <button class="button button-small" disabled=${busy !== null || subscription.disabled}>
      ${busy ? 'Sending…' : 'Send example'}
    </button>
    ${error && html`<div class="example-error"><${ErrorMessage} error=${error} /></div>`}
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
  const action = useAction();
  const remove = useAction();
  const headingId = `subscription-${s.token}`;
  const secretId = `secret-${s.token}`;

  const toggle = async () => {
    const done = await action.run('toggle', async () => {
      await api.updateSubscription(s.token, { url: s.url, disabled: !s.disabled });
      return s.disabled ? 'Subscription enabled' : 'Subscription disabled';
    });
    if (done) onChanged();
  };
  const confirmDelete = async () => {
    const done = await remove.run('delete', async () => {
      await api.deleteSubscription(s.token);
      return 'Subscription deleted';
    });
    if (done) {
      setDeleting(false);
      onChanged();
    }
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
            disabled=${action.busy !== null}
            onClick=${toggle}
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
    <${ErrorMessage} error=${action.error} />
    ${secretOpen && html`<${SecretBox} id=${secretId} subscription=${s} />`}
    <div class="subscription-attempts">
      <h4>Recent attempts</h4>
      <${AttemptsTable} attempts=${attempts} events=${events} caption=${`Recent attempts to ${s.url}`} />
    </div>
    <${Dialog}
      open=${deleting}
      title="Delete this subscription?"
      onClose=${() => (remove.clearError(), setDeleting(false))}
    >
      <p>
        Nothing more is delivered to <strong class="mono break">${s.url}</strong>, and its delivery attempts
        are deleted with it. The events stay.
      </p>
      <${ErrorMessage} error=${remove.error} />
      <div class="actions">
        <button type="button" class="button" autofocus onClick=${() => setDeleting(false)}>
          Keep subscription
        </button>
        <button
          type="button"
          class="button button-danger"
          disabled=${remove.busy !== null}
          onClick=${confirmDelete}
        >
          ${remove.busy ? 'Deleting…' : 'Delete subscription'}
        </button>
      </div>
    <//>
  </article>`;
}
