// Webhooks: the account's event subscriptions (secret, example, recent attempts) and its recent events
// with their payloads and delivery attempts, refreshed by polling.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.js';
import {
  describeEvent,
  EMITTED_EVENT_TYPES,
  EXAMPLE_CARD_TOKEN,
  formatDateTime,
  isExample,
} from './format.js';
import {
  Badge,
  Code,
  CopyButton,
  Dialog,
  ErrorMessage,
  Loading,
  notify,
  StatusBadge,
  useFields,
  useLoader,
} from './ui.js';

const POLL_MS = 3000;
const EVENTS_PAGE = 20;
const ATTEMPTS_PAGE = 10;
const TYPES = Object.keys(EMITTED_EVENT_TYPES);

/** Runs an action for a button: `busy` names the one running, a failure is kept to be shown. */
function useAction() {
  const [busy, setBusy] = useState(null);
  const [error, setError] = useState(null);
  const run = async (name, action) => {
    setBusy(name);
    setError(null);
    try {
      const message = await action();
      if (message) notify(message);
      return true;
    } catch (failure) {
      setError(failure);
      return false;
    } finally {
      setBusy(null);
    }
  };
  return { busy, error, run, clearError: () => setError(null) };
}

const receives = (subscription, eventType) =>
  !subscription.event_types?.length || subscription.event_types.includes(eventType);

/** "HTTP 500", or why there was no answer. */
function AttemptResponse({ attempt }) {
  if (attempt.status === 'PENDING' || attempt.status === 'SENDING')
    return html`<span class="muted">${attempt.status === 'PENDING' ? 'Queued' : 'Sending…'}</span>`;
  const detail = attempt.response?.trim();
  return html`<span class="attempt-response">
    <span class="mono"
      >${attempt.response_status_code ? `HTTP ${attempt.response_status_code}` : 'No response'}</span
    >
    ${detail && html`<small class="muted" title=${detail}>${detail}</small>`}
  </span>`;
}

/** Marks what Send example sent, so it is not read as news about a real card. */
function ExampleBadge() {
  return html`<span title="Sent with Send example; about the sandbox’s example card"
    ><${Badge} tone="amber">Example<//></span
  >`;
}

function EventTypes({ types }) {
  if (!types?.length) return html`<${Badge} tone="blue">All events<//>`;
  return html`${types.map((type) => html`<${Code} key=${type}>${type}<//>`)}`;
}

// ---- New subscription ----

function SubscriptionForm({ onCancel, onCreated }) {
  const [all, setAll] = useState(true);
  const [types, setTypes] = useState([]);
  const { busy, error, run } = useAction();
  const [invalid, setInvalid] = useState(null);
  const fields = useFields({ url: '', description: '' });

  const pick = (type, checked) => {
    setTypes((current) => (checked ? [...current, type] : current.filter((t) => t !== type)));
    if (checked) setAll(false);
  };
  const pickAll = (checked) => {
    setAll(checked);
    if (checked) setTypes([]);
  };
  const submit = async (event) => {
    event.preventDefault();
    const url = fields.values.url.trim();
    const description = fields.values.description.trim();
    if (!url)
      return setInvalid({
        message: 'Enter the URL to deliver events to, e.g. https://example.com/webhooks.',
      });
    if (!all && types.length === 0)
      return setInvalid({ message: 'Choose the event types to deliver, or All event types.' });
    setInvalid(null);
    let created = null;
    await run('create', async () => {
      created = await api.createSubscription({
        url,
        ...(description ? { description } : {}),
        ...(all ? {} : { event_types: TYPES.filter((t) => types.includes(t)) }),
      });
    });
    if (created) onCreated(created);
  };

  return html`<form class="form" onSubmit=${submit} onInput=${() => setInvalid(null)} novalidate>
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
            onChange=${(e) => pickAll(e.currentTarget.checked)}
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
                onChange=${(e) => pick(type, e.currentTarget.checked)}
              />
              <span class="choice-body">
                <strong class="mono">${type}</strong>
                <small>${EMITTED_EVENT_TYPES[type]}</small>
              </span>
            </label>`,
        )}
      </div>
    </fieldset>
    <${ErrorMessage} error=${invalid ?? error} />
    <div class="actions">
      <button type="button" class="button" onClick=${onCancel}>Cancel</button>
      <button class="button button-primary" disabled=${busy !== null}>
        ${busy ? 'Adding…' : 'Add subscription'}
      </button>
    </div>
  </form>`;
}

// ---- One subscription ----

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

function Subscription({ subscription: s, attempts, events, onChanged }) {
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

// ---- Events ----

function Summary({ event }) {
  const { status, text } = describeEvent(event);
  if (!status && !text) return html`<span class="muted">—</span>`;
  return html`<span class="event-summary">
    ${text && html`<span>${text}</span>`} ${status && html`<${StatusBadge} value=${status} />`}
  </span>`;
}

/** The newest known attempt of the event to each subscription, from the subscriptions' recent attempts. */
function Deliveries({ attempts }) {
  if (!attempts?.length) return html`<span class="muted" title="No recent attempt">—</span>`;
  return html`<span class="deliveries">
    ${attempts.map(
      (attempt) =>
        html`<span key=${attempt.token} title=${attempt.url}
          ><${StatusBadge} value=${attempt.status}
        /></span>`,
    )}
  </span>`;
}

function EventDetail({ event, subscriptions, onChanged }) {
  const attempts = useLoader(() => api.eventAttempts(event.token, { page_size: 100 }), [event.token], {
    pollMs: POLL_MS,
  });
  const { busy, error, run } = useAction();
  const resend = async (subscription) => {
    const done = await run(subscription.token, async () => {
      await api.resendEvent(event.token, subscription.token);
      return `Resending ${event.event_type} to ${subscription.url}`;
    });
    if (done) {
      attempts.reload();
      onChanged();
    }
  };
  const json = JSON.stringify(event.payload, null, 2);
  const list = attempts.data?.data ?? [];
  const known = new Set(subscriptions.map((s) => s.token));
  // Attempts of subscriptions no longer listed still show, under the URL they were sent to.
  const others = [
    ...new Map(
      list
        .filter((a) => !known.has(a.event_subscription_token))
        .map((a) => [a.event_subscription_token, a.url]),
    ),
  ];
  const groups = [
    ...subscriptions.map((s) => ({ token: s.token, url: s.url, subscription: s })),
    ...others.map(([token, url]) => ({ token, url, subscription: null })),
  ];

  return html`<div class="event-detail">
    <section class="event-payload" aria-label="Payload">
      <div class="detail-head">
        <h3>Payload ${isExample(event) && html`<${ExampleBadge} />`}</h3>
        <${CopyButton} text=${json} label="payload" />
      </div>
      ${
        isExample(event) &&
        html`<p class="muted small">
          Sent with Send example: it is about the sandbox’s example card (<span class="mono"
            >${EXAMPLE_CARD_TOKEN}</span
          >), not one of this account’s cards.
        </p>`
      }
      <pre class="json" tabindex="0" aria-label=${`Payload of ${event.event_type} ${event.token}`}>
${json}</pre>
      <p class="muted small">
        Event <span class="mono">${event.token}</span> (the <code>webhook-id</code> header). Receivers get
        this payload with its <code>event_type</code>.
      </p>
    </section>
    <section class="event-attempts" aria-label="Delivery attempts">
      <h3>Delivery attempts</h3>
      <${ErrorMessage} error=${error ?? attempts.error} />
      ${attempts.loading && !attempts.data && html`<${Loading} label="Loading attempts…" />`}
      ${
        attempts.data &&
        groups.length === 0 &&
        html`<p class="muted small">No subscriptions: add one to have events delivered.</p>`
      }
      ${
        attempts.data &&
        groups.map((group) => {
          const mine = list.filter((a) => a.event_subscription_token === group.token);
          const s = group.subscription;
          return html`<div class="delivery-group" key=${group.token}>
            <div class="delivery-head">
              <span class="mono break delivery-url">${group.url}</span>
              ${
                s &&
                html`<button
                  type="button"
                  class="button button-small"
                  disabled=${busy !== null || s.disabled}
                  title=${s.disabled ? 'Enable the subscription to resend' : undefined}
                  aria-label=${`Resend ${event.event_type} to ${s.url}`}
                  onClick=${() => resend(s)}
                >
                  ${busy === s.token ? 'Resending…' : 'Resend'}
                </button>`
              }
            </div>
            ${
              mine.length === 0
                ? html`<p class="muted small">
                    ${s && !receives(s, event.event_type) ? `Not sent: it receives other event types.` : 'No attempts.'}
                  </p>`
                : html`<ol class="attempt-list">
                    ${mine.map(
                      (attempt) =>
                        html`<li key=${attempt.token}>
                          <${StatusBadge} value=${attempt.status} />
                          <${AttemptResponse} attempt=${attempt} />
                          <span class="muted nowrap">${formatDateTime(attempt.created)}</span>
                          ${attempt.url !== group.url && html`<span class="mono small break">${attempt.url}</span>`}
                        </li>`,
                    )}
                  </ol>`
            }
          </div>`;
        })
      }
    </section>
  </div>`;
}

function EventsTable({ events, subscriptions, latest, onChanged }) {
  const [expanded, setExpanded] = useState(() => new Set());
  const seen = useRef(null);
  const known = seen.current;
  useEffect(() => {
    seen.current = new Set([...(seen.current ?? []), ...events.map((e) => e.token)]);
  }, [events]);
  const toggle = (token) =>
    setExpanded((all) => {
      const next = new Set(all);
      if (!next.delete(token)) next.add(token);
      return next;
    });

  return html`<table class="table events-table">
    <caption class="visually-hidden">
      Recent events, newest first
    </caption>
    <thead>
      <tr>
        <th scope="col">Time</th>
        <th scope="col">Event</th>
        <th scope="col">Summary</th>
        <th scope="col">Delivery</th>
        <th scope="col"><span class="visually-hidden">Details</span></th>
      </tr>
    </thead>
    <tbody>
      ${events.map((event) => {
        const open = expanded.has(event.token);
        const fresh = known && !known.has(event.token);
        return html`<tr key=${event.token} class=${fresh ? 'row-new' : ''}>
            <td data-label="Time" class="muted nowrap">${formatDateTime(event.created)}</td>
            <td data-label="Event">
              <span class="event-type-cell">
                <${Code}>${event.event_type}<//> ${isExample(event) && html`<${ExampleBadge} />`}
              </span>
            </td>
            <td data-label="Summary"><${Summary} event=${event} /></td>
            <td data-label="Delivery"><${Deliveries} attempts=${latest.get(event.token)} /></td>
            <td class="row-actions">
              <button
                type="button"
                class="button button-small button-ghost"
                aria-expanded=${open ? 'true' : 'false'}
                aria-controls=${`event-${event.token}`}
                aria-label=${`Details of ${event.event_type} at ${formatDateTime(event.created)}`}
                onClick=${() => toggle(event.token)}
              >
                Details
              </button>
            </td>
          </tr>
          ${
            open &&
            html`<tr class="event-detail-row" id=${`event-${event.token}`} key=${`${event.token}-detail`}>
              <td colspan="5">
                <${EventDetail} event=${event} subscriptions=${subscriptions} onChanged=${onChanged} />
              </td>
            </tr>`
          }`;
      })}
    </tbody>
  </table>`;
}

// ---- The page ----

async function loadSubscriptions() {
  const page = await api.listSubscriptions({ page_size: 100 });
  // A subscription deleted in between has no attempts to show: null, not a failed page.
  const attempts = await Promise.all(
    page.data.map((s) =>
      api
        .subscriptionAttempts(s.token, { page_size: ATTEMPTS_PAGE })
        .then((p) => p.data)
        .catch(() => null),
    ),
  );
  return { subscriptions: page.data, attempts: new Map(page.data.map((s, i) => [s.token, attempts[i]])) };
}

export function WebhooksPage() {
  const [adding, setAdding] = useState(false);
  const subs = useLoader(loadSubscriptions, [], { pollMs: POLL_MS });
  const events = useLoader(() => api.listEvents({ page_size: EVENTS_PAGE }), [], { pollMs: POLL_MS });
  const changed = () => {
    subs.reload();
    events.reload();
  };

  const subscriptions = subs.data?.subscriptions ?? [];
  const eventList = events.data?.data ?? [];
  const eventsByToken = new Map(eventList.map((e) => [e.token, e]));
  // Per event, the newest attempt to each subscription among those loaded (attempts come newest first).
  const latest = new Map();
  for (const list of subs.data?.attempts.values() ?? []) {
    for (const attempt of list ?? []) {
      const bySubscription = latest.get(attempt.event_token) ?? new Map();
      if (!bySubscription.has(attempt.event_subscription_token))
        bySubscription.set(attempt.event_subscription_token, attempt);
      latest.set(attempt.event_token, bySubscription);
    }
  }
  const latestList = new Map([...latest].map(([token, bySub]) => [token, [...bySub.values()]]));

  return html`<section aria-labelledby="webhooks-title">
    <div class="page-head">
      <div>
        <h1 id="webhooks-title">Webhooks</h1>
        <p class="muted">
          Subscriptions receive this account’s events as signed POSTs, retried until they succeed. New events
          and attempts appear as they happen.
        </p>
      </div>
      <button type="button" class="button button-primary" onClick=${() => setAdding(true)}>
        <span aria-hidden="true">+</span> New subscription
      </button>
    </div>

    <section class="webhooks-section" aria-labelledby="subscriptions-title">
      <div class="section-head">
        <h2 id="subscriptions-title">Subscriptions</h2>
        ${subs.data && html`<span class="muted small">${subscriptions.length} in all</span>`}
      </div>
      <${ErrorMessage} error=${subs.error} />
      ${subs.loading && !subs.data && html`<${Loading} label="Loading subscriptions…" />`}
      ${
        subs.data &&
        subscriptions.length === 0 &&
        html`<div class="panel empty">
          <span class="hook-mark" aria-hidden="true"></span>
          <h3>No subscriptions yet</h3>
          <p class="muted">
            Add a URL to receive events such
            as${' '}<code>card.created</code>${' and '}<code>card_transaction.updated</code>, signed with its
            own secret.
          </p>
          <button type="button" class="button button-primary" onClick=${() => setAdding(true)}>
            Add a subscription
          </button>
        </div>`
      }
      <div class="subscriptions">
        ${subscriptions.map(
          (s) =>
            html`<${Subscription}
              key=${s.token}
              subscription=${s}
              attempts=${subs.data.attempts.get(s.token)}
              events=${eventsByToken}
              onChanged=${changed}
            />`,
        )}
      </div>
    </section>

    <section class="panel table-panel webhooks-section" aria-labelledby="events-title">
      <div class="panel-head">
        <h2 id="events-title">Recent events</h2>
        <span class="live"><span class="live-dot" aria-hidden="true"></span>Live</span>
      </div>
      <div class="events-body">
        <${ErrorMessage} error=${events.error} />
        ${events.loading && !events.data && html`<${Loading} label="Loading events…" />`}
        ${
          events.data &&
          eventList.length === 0 &&
          html`<p class="empty-inline muted">
            No events yet. Create a card or simulate a charge to see one here.
          </p>`
        }
        ${
          eventList.length > 0 &&
          html`<${EventsTable}
            events=${eventList}
            subscriptions=${subscriptions}
            latest=${latestList}
            onChanged=${changed}
          />`
        }
      </div>
    </section>

    <${Dialog} open=${adding} title="New subscription" onClose=${() => setAdding(false)} wide>
      <${SubscriptionForm}
        onCancel=${() => setAdding(false)}
        onCreated=${(subscription) => {
          setAdding(false);
          notify(`Subscription to ${subscription.url} added`);
          changed();
        }}
      />
    <//>
  </section>`;
}
