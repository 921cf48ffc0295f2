// The account's recent events: a summary per event, its deliveries, and on demand its payload and
// every delivery attempt with a resend per subscription.
import { html } from 'htm/preact';
import { Badge, Code, StatusBadge } from '../../components/badges.js';
import { CopyButton } from '../../components/copy-button.js';
import { ErrorMessage, Loading, notify } from '../../components/feedback.js';
import { api } from '../../lib/api.js';
import { describeEvent, EXAMPLE_CARD_TOKEN, formatDateTime, isExample } from '../../lib/format.js';
import { useAction, useExpanded, useLoader, useSeen } from '../../lib/hooks.js';
import { AttemptResponse, POLL_MS, receives } from './shared.js';

/** Marks what Send example sent, so it is not read as news about a real card. */
function ExampleBadge() {
  return html`<span title="Sent with Send example; about the sandbox’s example card"
    ><${Badge} tone="amber">Example<//></span
  >`;
}

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
  const resend = useAction(async (subscription) => {
    await api.resendEvent(event.token, subscription.token);
    notify(`Resending ${event.event_type} to ${subscription.url}`);
    attempts.reload();
    onChanged();
  });
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
      <${ErrorMessage} error=${resend.error ?? attempts.error} />
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
                  disabled=${resend.busy || s.disabled}
                  title=${s.disabled ? 'Enable the subscription to resend' : undefined}
                  aria-label=${`Resend ${event.event_type} to ${s.url}`}
                  onClick=${() => resend.run(s)}
                >
                  ${resend.running?.[0].token === s.token ? 'Resending…' : 'Resend'}
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

export function EventsTable({ events, subscriptions, latest, onChanged }) {
  const expanded = useExpanded();
  const known = useSeen(events);

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
                onClick=${() => expanded.toggle(event.token)}
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
