// The account's transactions, newest first, each with its card.
import { html } from 'htm/preact';
import { Live } from '../components/badges.js';
import { TransactionsTable } from '../components/transactions-table.js';
import { api } from '../lib/api.js';
import { useLoader } from '../lib/hooks.js';

export function TransactionsPage() {
  // Names the card of each row; a sandbox account rarely has more than a page of cards.
  const cards = useLoader(() => api.listCards({ page_size: 100 }), [], { pollMs: 10_000 });
  const byToken = new Map((cards.data?.data ?? []).map((card) => [card.token, card]));
  return html`<section aria-labelledby="transactions-title">
    <div class="page-head">
      <div>
        <h1 id="transactions-title">Transactions</h1>
        <p class="muted">
          Every authorization on this account, newest first. New ones appear as they happen.
        </p>
      </div>
      <${Live} />
    </div>
    <div class="panel table-panel">
      <${TransactionsTable} cards=${byToken} pageSize=${20} />
    </div>
  </section>`;
}
