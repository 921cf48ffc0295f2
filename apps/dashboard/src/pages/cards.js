// The cards screen: every card of the account, filtered by state, ten to a page.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { ApiBadge, StatusBadge } from '../components/badges.js';
import { ErrorMessage, Loading, notify } from '../components/feedback.js';
import { Pager } from '../components/pager.js';
import { api } from '../lib/api.js';
import { describeSpend, formatDate, maskedPan, typeLabel } from '../lib/format.js';
import { useLoader, usePages } from '../lib/hooks.js';
import { CreateCardDialog } from './cards/create-card.js';

const PAGE_SIZE = 10;
const FILTERS = [
  ['', 'All'],
  ['OPEN', 'Open'],
  ['PAUSED', 'Paused'],
  ['CLOSED', 'Closed'],
  // The states of a PHYSICAL card before its owner opens it (libs/domain/src/card/card.ts).
  ['PENDING_FULFILLMENT', 'Pending fulfillment'],
  ['PENDING_ACTIVATION', 'Pending activation'],
];

export function CardsPage() {
  const [state, setState] = useState('');
  const [creating, setCreating] = useState(false);
  const pages = usePages(state);
  // One request per refresh: the list as the API returns it. Spend so far (a spend_limits call per
  // card) is on each card's page.
  const cards = useLoader(
    async () =>
      api.withOrigins(await api.listCards({ state, page_size: PAGE_SIZE, starting_after: pages.cursor })),
    [state, pages.cursor],
    {
      pollMs: pages.page === 1 ? 5000 : 0,
    },
  );
  const data = cards.data;

  return html`<section aria-labelledby="cards-title">
    <div class="page-head">
      <div>
        <h1 id="cards-title">Cards</h1>
        <p class="muted">Cards of this account. Open one to reveal it, charge it or change it.</p>
      </div>
      <button type="button" class="button button-primary" onClick=${() => setCreating(true)}>
        <span aria-hidden="true">+</span> New card
      </button>
    </div>

    <fieldset class="filter">
      <legend class="visually-hidden">Filter cards by state</legend>
      <div class="segmented">
        ${FILTERS.map(
          ([value, label]) =>
            html`<label>
              <input
                type="radio"
                name="state-filter"
                value=${value}
                checked=${state === value}
                onChange=${() => setState(value)}
              />
              <span>${label}</span>
            </label>`,
        )}
      </div>
    </fieldset>

    <${ErrorMessage} error=${cards.error} />
    ${cards.loading && !data && html`<${Loading} label="Loading cards…" />`}
    ${data && data.data.length === 0 && html`<${EmptyCards} filtered=${state !== ''} onCreate=${() => setCreating(true)} />`}
    ${
      data &&
      data.data.length > 0 &&
      html`<div class="panel table-panel">
        <table class="table cards-table">
          <caption class="visually-hidden">
            Cards
          </caption>
          <thead>
            <tr>
              <th scope="col">Card</th>
              <th scope="col">Type</th>
              <th scope="col">State</th>
              <th scope="col">API</th>
              <th scope="col">Spend limit</th>
              <th scope="col">Locked merchant</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            ${data.data.map(
              (card) =>
                html`<tr key=${card.token} onClick=${() => (location.hash = `#/cards/${card.token}`)}>
                  <td data-label="Card">
                    <a
                      class="card-link"
                      href=${`#/cards/${card.token}`}
                      onClick=${(e) => e.stopPropagation()}
                    >
                      <span class="mini-card" aria-hidden="true"></span>
                      <span>
                        <strong>${card.memo || 'Untitled card'}</strong>
                        <span class="muted mono nowrap">${maskedPan(card.last_four)}</span>
                      </span>
                    </a>
                  </td>
                  <td data-label="Type" class="nowrap">${typeLabel(card.type)}</td>
                  <td data-label="State"><${StatusBadge} value=${card.state} /></td>
                  <td data-label="API"><${ApiBadge} api=${data.origins[card.token]} /></td>
                  <td data-label="Spend limit" class="nowrap">${describeSpend(card, null).limitText}</td>
                  <td data-label="Locked merchant">
                    ${
                      card.hostname
                        ? html`<span class="mono">${card.hostname}</span>`
                        : html`<span class="muted"
                            >${card.type === 'MERCHANT_LOCKED' ? 'Not yet' : '—'}</span
                          >`
                    }
                  </td>
                  <td data-label="Created" class="muted nowrap">${formatDate(card.created)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`
    }
    ${
      data &&
      html`<${Pager}
        pages=${pages}
        hasMore=${data.has_more}
        lastToken=${data.data.at(-1)?.token}
        label="Cards"
      />`
    }

    <${CreateCardDialog}
      open=${creating}
      onClose=${() => setCreating(false)}
      onCreated=${(card) => {
        setCreating(false);
        notify(`Card ${maskedPan(card.last_four)} created`);
        location.hash = `#/cards/${card.token}`;
      }}
    />
  </section>`;
}

function EmptyCards({ filtered, onCreate }) {
  return html`<div class="panel empty">
    <span class="mini-card mini-card-large" aria-hidden="true"></span>
    <h2>${filtered ? 'No cards in this state' : 'No cards yet'}</h2>
    <p class="muted">
      ${
        filtered
          ? 'Pick another filter to see the other cards.'
          : 'Create a card, then simulate charges on it to see what the issuer approves and declines.'
      }
    </p>
    ${!filtered && html`<button type="button" class="button button-primary" onClick=${onCreate}>Create your first card</button>`}
  </div>`;
}
