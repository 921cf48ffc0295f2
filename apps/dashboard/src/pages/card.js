// One card: its face with reveal and copy, its details and actions, a charge simulator, its transactions.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { ApiBadge, Badge, Live, StatusBadge } from '../components/badges.js';
import { CardFace } from '../components/card-face.js';
import { ErrorMessage, Loading } from '../components/feedback.js';
import { TransactionsTable } from '../components/transactions-table.js';
import { api } from '../lib/api.js';
import { maskedPan, typeLabel } from '../lib/format.js';
import { useLoader } from '../lib/hooks.js';
import { CardActions } from './card/actions.js';
import { ChargeForm } from './card/charge-form.js';
import { Details } from './card/details.js';
import { ThreeDsPanel } from './card/three-ds-panel.js';

export function CardPage({ token }) {
  const [version, setVersion] = useState(0);
  const loaded = useLoader(
    async () => {
      const [card, limits, origins] = await Promise.all([
        api.getCard(token),
        api.spendLimits(token),
        api.withOrigins({ data: [{ token }] }),
      ]);
      return { card, limits, api: origins.origins[token] };
    },
    [token],
    { pollMs: 4000 },
  );
  // After a charge or an action: the card (state, usage) and its transactions both change.
  const changed = () => {
    loaded.reload();
    setVersion((v) => v + 1);
  };
  const back = html`<a class="back-link" href="#/cards">← All cards</a>`;
  if (!loaded.data)
    return html`${back}${loaded.error ? html`<${ErrorMessage} error=${loaded.error} />` : html`<${Loading} label="Loading card…" />`}`;
  const { card, limits } = loaded.data;
  return html`<section aria-labelledby="card-title">
    ${back}
    <div class="page-head">
      <div>
        <h1 id="card-title">${card.memo || 'Untitled card'}</h1>
        <p class="head-meta">
          <${StatusBadge} value=${card.state} />
          <${Badge}>${typeLabel(card.type)}<//>
          <${ApiBadge} api=${loaded.data.api} />
          <span class="mono muted nowrap">${maskedPan(card.last_four)}</span>
        </p>
      </div>
      <${CardActions} card=${card} onChanged=${changed} />
    </div>
    <${ErrorMessage} error=${loaded.error} />
    <div class="card-grid">
      <div class="panel card-panel"><${CardFace} key=${card.token} card=${card} /></div>
      <section class="panel" aria-labelledby="details-title">
        <h2 id="details-title">Details</h2>
        <${Details} card=${card} limits=${limits} />
      </section>
    </div>
    <${ChargeForm} card=${card} onCharged=${changed} />
    <${ThreeDsPanel} card=${card} />
    <section class="panel table-panel" aria-labelledby="card-transactions-title">
      <div class="panel-head">
        <h2 id="card-transactions-title">Transactions</h2>
        <${Live} />
      </div>
      <${TransactionsTable} cardToken=${card.token} refreshKey=${version} onChanged=${changed} />
    </section>
  </section>`;
}
