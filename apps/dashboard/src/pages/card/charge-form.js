// Simulates a card network authorization on one card and shows the issuer's answer at once.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { Code } from '../../components/badges.js';
import { ErrorMessage } from '../../components/feedback.js';
import { api } from '../../lib/api.js';
import { formatCents, parseCents } from '../../lib/format.js';
import { useAction, useFields } from '../../lib/hooks.js';

function Outcome({ outcome }) {
  if (!outcome) return null;
  const { approved, transaction: tx, explanation } = outcome;
  const event = tx.events.at(-1);
  const where = `${formatCents(Math.abs(tx.authorization_amount))} at ${tx.merchant.descriptor}`;
  if (approved)
    return html`<div class="outcome outcome-approved">
      <span class="outcome-icon" aria-hidden="true">✓</span>
      <div>
        <strong class="outcome-title">Approved</strong>
        <p>${where} · authorization code <span class="mono">${tx.authorization_code}</span></p>
      </div>
    </div>`;
  return html`<div class="outcome outcome-declined">
    <span class="outcome-icon" aria-hidden="true">✕</span>
    <div>
      <strong class="outcome-title">Declined</strong>
      <p class="codes">
        <${Code} tone="red">${tx.result}<//>
        ${
          event?.detailed_results?.[0] &&
          event.detailed_results[0] !== tx.result &&
          html`<${Code}>${event.detailed_results[0]}<//>`
        }
      </p>
      <p class="explanation">${explanation}</p>
      <p class="muted small">${where}</p>
    </div>
  </div>`;
}

const OPTIONAL = ['mcc', 'merchant_acceptor_id', 'cvv', 'exp_month', 'exp_year'];

/** The optional fields that are filled in, trimmed. */
const optional = (values) =>
  Object.fromEntries(OPTIONAL.map((name) => [name, values[name].trim()]).filter(([, value]) => value !== ''));

export function ChargeForm({ card, onCharged }) {
  const [outcome, setOutcome] = useState(null);
  const fields = useFields({
    descriptor: '',
    amount: '',
    ...Object.fromEntries(OPTIONAL.map((name) => [name, ''])),
  });

  const charge = useAction(async () => {
    const { values } = fields;
    const descriptor = values.descriptor.trim();
    const amount = parseCents(values.amount);
    setOutcome(null);
    if (!descriptor) throw { message: 'Enter the merchant as it appears on a statement, e.g. COFFEE SHOP.' };
    if (amount === null) throw { message: 'Enter the amount in dollars, e.g. 12.34.' };
    setOutcome(await api.authorize({ pan: card.pan, descriptor, amount, ...optional(values) }));
    onCharged();
  });

  const fillFromCard = () => {
    fields.set('cvv', card.cvv);
    fields.set('exp_month', card.exp_month);
    fields.set('exp_year', card.exp_year);
  };

  return html`<section class="panel charge-panel" aria-labelledby="charge-title">
    <div class="charge-layout">
      <div>
        <h2 id="charge-title">Simulate a charge</h2>
        <p class="muted small form-intro">
          A card network authorization, as a merchant would send it for this card.
        </p>
        <form class="form" onSubmit=${charge.submit} novalidate>
          <div class="field-row">
            <label class="field field-grow">
              <span>Merchant</span>
              <input
                ...${fields.text('descriptor')}
                maxlength="25"
                placeholder="COFFEE SHOP"
                autocomplete="off"
              />
            </label>
            <label class="field field-amount">
              <span>Amount (USD)</span>
              <input ...${fields.text('amount')} inputmode="decimal" placeholder="12.34" autocomplete="off" />
            </label>
          </div>
          <div class="field-row">
            <label class="field">
              <span>MCC <span class="optional">optional</span></span>
              <input
                ...${fields.text('mcc')}
                inputmode="numeric"
                maxlength="4"
                placeholder="5812"
                autocomplete="off"
              />
            </label>
            <label class="field">
              <span>Merchant ID <span class="optional">optional</span></span>
              <input
                ...${fields.text('merchant_acceptor_id')}
                maxlength="15"
                placeholder="174030075991"
                autocomplete="off"
              />
            </label>
          </div>
          <details class="cnp">
            <summary>Card-not-present checks</summary>
            <p class="muted small">
              Sent with the charge and checked against the card; a wrong one declines.
            </p>
            <div class="field-row">
              <label class="field">
                <span>CVV</span>
                <input ...${fields.text('cvv')} inputmode="numeric" maxlength="3" autocomplete="off" />
              </label>
              <label class="field">
                <span>Expiry month</span>
                <input
                  ...${fields.text('exp_month')}
                  inputmode="numeric"
                  maxlength="2"
                  placeholder="MM"
                  autocomplete="off"
                />
              </label>
              <label class="field">
                <span>Expiry year</span>
                <input
                  ...${fields.text('exp_year')}
                  inputmode="numeric"
                  maxlength="4"
                  placeholder="YYYY"
                  autocomplete="off"
                />
              </label>
            </div>
            <button type="button" class="button button-small" onClick=${fillFromCard}>
              Use this card’s details
            </button>
          </details>
          <${ErrorMessage} error=${charge.error} />
          <div class="actions">
            <button class="button button-primary" disabled=${charge.busy}>
              ${charge.busy ? 'Charging…' : 'Simulate charge'}
            </button>
          </div>
        </form>
      </div>
      <div class="outcome-region" role="status" aria-live="polite" aria-label="Charge result">
        ${
          outcome
            ? html`<${Outcome} outcome=${outcome} />`
            : html`<div class="outcome-empty">
                <strong>The issuer’s answer appears here</strong>
                <p class="muted small">
                  An approval with its authorization code, or a decline with its result code and the reason in
                  words.
                </p>
              </div>`
        }
      </div>
    </div>
  </section>`;
}
