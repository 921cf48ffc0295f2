// Simulates a 3-D Secure authentication of this card, and completes its challenge with the code.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { Code } from '../../components/badges.js';
import { ErrorMessage } from '../../components/feedback.js';
import { api } from '../../lib/api.js';
import { formatCents, parseCents } from '../../lib/format.js';
import { useAction, useFields } from '../../lib/hooks.js';

const TONE = { SUCCESS: 'green', DECLINE: 'red', PENDING_CHALLENGE: 'amber' };
const WORDS = {
  SUCCESS: 'Authenticated',
  DECLINE: 'Declined',
  PENDING_CHALLENGE: 'Challenged: the cardholder was sent a one-time code',
};

function Result({ authentication, onEntered }) {
  const [otp, setOtp] = useState('');
  const enter = useAction(async () => {
    await api.enterOtp(authentication.token, otp.trim());
    onEntered(await api.getAuthentication(authentication.token));
  });
  const result = authentication.authentication_result;
  return html`<div
    class=${`outcome outcome-${result === 'SUCCESS' ? 'approved' : result === 'DECLINE' ? 'declined' : 'pending'}`}
  >
    <div>
      <strong class="outcome-title">${WORDS[result] ?? result}</strong>
      <p class="codes">
        <${Code} tone=${TONE[result]}>${result}<//>
        <span class="muted small">by ${authentication.decision_made_by}</span>
      </p>
      <p class="muted small">
        ${formatCents(authentication.transaction.amount)} at ${authentication.merchant.name} ·
        <span class="mono">${authentication.token}</span>
      </p>
      ${
        result === 'PENDING_CHALLENGE' &&
        authentication.challenge_metadata?.method_type === 'SMS_OTP' &&
        html`<form class="form otp-form" onSubmit=${enter.submit} novalidate>
          <label class="field">
            <span>One-time code (the sandbox sends 123456)</span>
            <input
              name="otp"
              value=${otp}
              onInput=${(event) => setOtp(event.currentTarget.value)}
              inputmode="numeric"
              maxlength="6"
              autocomplete="one-time-code"
            />
          </label>
          <${ErrorMessage} error=${enter.error} />
          <button class="button button-primary" disabled=${enter.busy}>Enter code</button>
        </form>`
      }
    </div>
  </div>`;
}

export function ThreeDsPanel({ card }) {
  const [authentication, setAuthentication] = useState(null);
  const fields = useFields({ name: '', amount: '', mcc: '5812', country: 'USA' });
  const simulate = useAction(async () => {
    const { values } = fields;
    const name = values.name.trim();
    const amount = parseCents(values.amount);
    setAuthentication(null);
    if (!name) throw { message: 'Enter the merchant’s name; one containing CHALLENGE asks for a code.' };
    if (amount === null) throw { message: 'Enter the amount in dollars, e.g. 12.34.' };
    setAuthentication(
      await api.authenticate({
        pan: card.pan,
        merchant: {
          name,
          id: 'DASHBOARD',
          mcc: values.mcc.trim(),
          country: values.country.trim().toUpperCase(),
        },
        transaction: { amount, currency: 'USD' },
      }),
    );
  });
  return html`<section class="panel three-ds-panel" aria-labelledby="three-ds-title">
    <div class="charge-layout">
      <div>
        <h2 id="three-ds-title">3-D Secure</h2>
        <p class="muted small form-intro">
          The check a shopper meets online before the charge: a merchant name containing CHALLENGE, or a 3DS
          rule with a challenge action, asks for a one-time code.
        </p>
        <form class="form" onSubmit=${simulate.submit} novalidate>
          <div class="field-row">
            <label class="field field-grow">
              <span>Merchant name</span>
              <input
                ...${fields.text('name')}
                maxlength="25"
                placeholder="CHALLENGE SHOP"
                autocomplete="off"
              />
            </label>
            <label class="field field-amount">
              <span>Purchase total (USD)</span>
              <input ...${fields.text('amount')} inputmode="decimal" placeholder="12.34" autocomplete="off" />
            </label>
          </div>
          <div class="field-row">
            <label class="field"
              ><span>Category code</span><input ...${fields.text('mcc')} maxlength="4"
            /></label>
            <label class="field"
              ><span>Country code</span><input ...${fields.text('country')} maxlength="3"
            /></label>
          </div>
          <${ErrorMessage} error=${simulate.error} />
          <div class="actions">
            <button class="button button-primary" disabled=${simulate.busy}>Simulate authentication</button>
          </div>
        </form>
      </div>
      <div class="outcome-region" role="status" aria-live="polite" aria-label="3DS result">
        ${
          authentication
            ? html`<${Result} authentication=${authentication} onEntered=${setAuthentication} />`
            : html`<div class="outcome-empty"><strong>The authentication’s result appears here</strong></div>`
        }
      </div>
    </div>
  </section>`;
}
