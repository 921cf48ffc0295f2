// Webhooks: the account's event subscriptions (secret, example, recent attempts) and its recent events
// with their payloads and delivery attempts, refreshed by polling.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { Live } from '../components/badges.js';
import { Dialog } from '../components/dialog.js';
import { ErrorMessage, Loading, notify } from '../components/feedback.js';
import { api } from '../lib/api.js';
import { useLoader } from '../lib/hooks.js';
import { EventsTable } from './webhooks/events-table.js';
import { POLL_MS } from './webhooks/shared.js';
import { SubscriptionForm } from './webhooks/subscription-form.js';
import { Subscription } from './webhooks/subscription.js';
import { PrivacyWebhook } from './webhooks/privacy-webhook.js';

const EVENTS_PAGE = 20;
const ATTEMPTS_PAGE = 10;

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

    <${PrivacyWebhook} />

    <section class="panel table-panel webhooks-section" aria-labelledby="events-title">
      <div class="panel-head">
        <h2 id="events-title">Recent events</h2>
        <${Live} />
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
