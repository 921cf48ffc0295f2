// Transactions of a card or of the whole account, refreshed by polling, with clear, void and return.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../lib/api.js';
import { formatCents, formatDateTime, maskedPan } from '../lib/format.js';
import { useAction, useExpanded, useLoader, usePages, useSeen } from '../lib/hooks.js';
import { ApiBadge, Code, StatusBadge } from './badges.js';
import { ErrorMessage, Loading, notify } from './feedback.js';
import { Pager } from './pager.js';

const POLL_MS = 2500;

/** What a person can do next with a transaction, as the simulator allows it. */
function actionsFor(tx) {
  if (tx.status === 'PENDING') return ['clear', 'void'];
  if (tx.status === 'SETTLED' && tx.amount > 0) return ['return'];
  return [];
}

const ACTION_LABELS = { clear: 'Clear', void: 'Void', return: 'Return' };

async function runAction(action, tx) {
  const what = `${formatCents(Math.abs(tx.amount))} at ${tx.merchant.descriptor}`;
  switch (action) {
    case 'clear':
      await api.clear(tx.token);
      return `Cleared ${what}`;
    case 'void':
      await api.void(tx.token);
      return `Voided ${what}`;
    case 'return': {
      // A return is a new credit from the merchant, addressed to the card by its number.
      const card = await api.getCard(tx.card_token);
      await api.refund({ amount: tx.amount, descriptor: tx.merchant.descriptor, pan: card.pan });
      return `Returned ${what}`;
    }
    default:
      throw new Error(`Unknown action ${action}`);
  }
}

function Events({ tx }) {
  return html`<ol class="events">
    ${tx.events.map(
      (event) =>
        html`<li key=${event.token}>
          <span class="event-type">${event.type.replaceAll('_', ' ').toLowerCase()}</span>
          <span class="mono">${formatCents(event.amount)}</span>
          ${
            event.result === 'APPROVED'
              ? html`<span class="muted">approved</span>`
              : html`<${Code} tone="red">${event.detailed_results[0] ?? event.result}<//>`
          }
          <span class="muted">${formatDateTime(event.created)}</span>
          ${
            event.rule_results[0]?.explanation &&
            html`<span class="event-explanation">${event.rule_results[0].explanation}</span>`
          }
          ${
            event.rule_results[0]?.auth_rule_token &&
            html`<a class="small" href=${`#/rules/${event.rule_results[0].auth_rule_token}`}
              >Auth rule ${event.rule_results[0].name}</a
            >`
          }
          <${RulesRan} event=${event} />
        </li>`,
    )}
  </ol>`;
}

/**
 * Every auth rule that ran on this event, and what it did (a draft in shadow: what it would have
 * done), loaded when the events are opened.
 */
function RulesRan({ event }) {
  const results = useLoader(() => api.ruleResults({ event_token: event.token }), [event.token]);
  const rows = results.data?.data ?? [];
  if (rows.length === 0) return null;
  return html`<span class="rules-ran small">
    Rules run:
    ${rows.map(
      (r) =>
        html`<a key=${r.token} href=${`#/rules/${r.auth_rule_token}`}
          >v${r.rule_version}${r.mode === 'INACTIVE' ? ' (shadow)' : ''}
          ${r.actions.length ? r.actions.map((a) => a.type).join(', ') : 'passed'}</a
        > `,
    )}
  </span>`;
}

function ResultCell({ tx }) {
  if (tx.result === 'APPROVED') return html`<span class="result-approved">Approved</span>`;
  const explanation = tx.events.find((e) => e.result !== 'APPROVED')?.rule_results[0]?.explanation;
  return html`<span class="result-declined">
    <${Code} tone="red">${tx.result}<//>
    ${explanation && html`<small class="muted">${explanation}</small>`}
  </span>`;
}

/**
 * A page of transactions, newest first. The first page polls, so charges made anywhere (this page,
 * the SDK, curl) show up without a reload; rows that arrive while it is open are highlighted.
 */
export function TransactionsTable({ cardToken, cards, refreshKey = 0, onChanged, pageSize = 10 }) {
  const pages = usePages(cardToken);
  const list = useLoader(
    async () =>
      api.withOrigins(
        await api.listTransactions({
          card_token: cardToken,
          page_size: pageSize,
          starting_after: pages.cursor,
        }),
      ),
    [cardToken, pages.cursor, pageSize],
    { pollMs: pages.page === 1 ? POLL_MS : 0 },
  );
  const expanded = useExpanded();
  const act = useAction(async (action, tx) => {
    notify(await runAction(action, tx));
    await list.reload();
    onChanged?.();
  });
  const running = (action, tx) => act.running?.[0] === action && act.running[1].token === tx.token;

  useEffect(() => {
    if (refreshKey) list.reload();
  }, [refreshKey]);

  const rows = list.data?.data ?? [];
  const known = useSeen(list.data?.data);

  const columns = cards ? 7 : 6;
  return html`<div class="transactions">
    <${ErrorMessage} error=${act.error ?? list.error} />
    ${list.loading && !list.data && html`<${Loading} label="Loading transactions…" />`}
    ${
      list.data &&
      rows.length === 0 &&
      html`<p class="empty-inline muted">
        No transactions yet.
        ${cardToken ? 'Simulate a charge to see one here.' : 'Simulate a charge on a card.'}
      </p>`
    }
    ${
      rows.length > 0 &&
      html`<table class=${`table transactions-table ${cards ? 'with-card' : ''}`}>
        <caption class="visually-hidden">
          Transactions, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Merchant</th>
            ${cards && html`<th scope="col">Card</th>`}
            <th scope="col" class="numeric">Amount</th>
            <th scope="col">Status</th>
            <th scope="col">Result</th>
            <th scope="col"><span class="visually-hidden">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${rows.map((tx) => {
            const card = cards?.get(tx.card_token);
            const open = expanded.has(tx.token);
            const fresh = known && !known.has(tx.token);
            const what = `${formatCents(Math.abs(tx.amount))} at ${tx.merchant.descriptor}`;
            return html`<tr key=${tx.token} class=${fresh ? 'row-new' : ''}>
                <td data-label="Time" class="muted nowrap">${formatDateTime(tx.created)}</td>
                <td data-label="Merchant">
                  <span class="stack">
                    <strong>${tx.merchant.descriptor}</strong>
                    ${tx.merchant.mcc && html`<span class="muted small">MCC ${tx.merchant.mcc}</span>`}
                    <span><${ApiBadge} api=${list.data.origins[tx.token]} /></span>
                  </span>
                </td>
                ${
                  cards &&
                  html`<td data-label="Card">
                    <span class="stack">
                      <a class="mono nowrap" href=${`#/cards/${tx.card_token}`}>
                        ${card ? maskedPan(card.last_four) : 'View card'}
                      </a>
                      ${card?.memo && html`<span class="muted small">${card.memo}</span>`}
                    </span>
                  </td>`
                }
                <td data-label="Amount" class="numeric">
                  <span class=${`mono ${tx.amount < 0 ? 'credit' : ''}`}>${formatCents(tx.amount)}</span>
                </td>
                <td data-label="Status"><${StatusBadge} value=${tx.status} /></td>
                <td data-label="Result"><${ResultCell} tx=${tx} /></td>
                <td class="row-actions">
                  ${actionsFor(tx).map(
                    (action) =>
                      html`<button
                        type="button"
                        class="button button-small"
                        disabled=${act.busy}
                        aria-label=${`${ACTION_LABELS[action]} ${what}`}
                        onClick=${() => act.run(action, tx)}
                      >
                        ${running(action, tx) ? '…' : ACTION_LABELS[action]}
                      </button>`,
                  )}
                  <button
                    type="button"
                    class="button button-small button-ghost"
                    aria-expanded=${open ? 'true' : 'false'}
                    aria-controls=${`events-${tx.token}`}
                    onClick=${() => expanded.toggle(tx.token)}
                  >
                    Events (${tx.events.length})
                  </button>
                </td>
              </tr>
              ${
                open &&
                html`<tr class="events-row" id=${`events-${tx.token}`} key=${`${tx.token}-events`}>
                  <td colspan=${columns}><${Events} tx=${tx} /></td>
                </tr>`
              }`;
          })}
        </tbody>
      </table>`
    }
    ${
      list.data &&
      html`<${Pager}
        pages=${pages}
        hasMore=${list.data.has_more}
        lastToken=${rows.at(-1)?.token}
        label="Transactions"
      />`
    }
  </div>`;
}
