// The "New rule" form: a rule type, its scope, and its parameters as fields (one condition, a
// velocity limit, or a list of merchants). The parameters go to the API as Lithic's JSON.
import { html } from 'htm/preact';
import { Dialog } from '../../components/dialog.js';
import { FormActions } from '../../components/feedback.js';
import { api } from '../../lib/api.js';
import { parseCents } from '../../lib/format.js';
import { useAction, useFields } from '../../lib/hooks.js';

export const RULE_TYPES = {
  CONDITIONAL_BLOCK: 'Block when a condition holds',
  CONDITIONAL_ACTION: 'Decline or challenge when a condition holds',
  VELOCITY_LIMIT: 'Limit how many or how much in a period',
  MERCHANT_LOCK: 'Allow only some merchants',
};

const TEXT_ATTRIBUTES = ['MCC', 'COUNTRY', 'CURRENCY', 'MERCHANT_ID', 'DESCRIPTOR', 'CARD_STATE'];
const NUMBER_ATTRIBUTES = ['TRANSACTION_AMOUNT', 'CASH_AMOUNT', 'RISK_SCORE'];
const TEXT_OPERATIONS = ['IS_ONE_OF', 'IS_NOT_ONE_OF', 'MATCHES', 'DOES_NOT_MATCH'];
const NUMBER_OPERATIONS = [
  'IS_GREATER_THAN',
  'IS_GREATER_THAN_OR_EQUAL_TO',
  'IS_LESS_THAN',
  'IS_LESS_THAN_OR_EQUAL_TO',
  'IS_EQUAL_TO',
  'IS_NOT_EQUAL_TO',
];
const PERIODS = ['DAY', 'WEEK', 'MONTH', 'YEAR', 'CUSTOM'];

const list = (text) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/** The rule's parameters from the form's values; a missing or malformed value throws `{ message }`. */
export function readParameters(values) {
  switch (values.type) {
    case 'CONDITIONAL_BLOCK':
    case 'CONDITIONAL_ACTION': {
      const numeric = NUMBER_ATTRIBUTES.includes(values.attribute);
      let value;
      if (numeric) {
        const amount = values.attribute === 'RISK_SCORE' ? Number(values.value) : parseCents(values.value);
        if (amount === null || !Number.isFinite(amount))
          throw { message: 'Enter a number for the condition.' };
        value = amount;
      } else if (values.operation === 'IS_ONE_OF' || values.operation === 'IS_NOT_ONE_OF') {
        value = list(values.value);
        if (value.length === 0) throw { message: 'Enter one or more values, separated by commas.' };
      } else {
        value = values.value;
        if (!value) throw { message: 'Enter a regular expression.' };
      }
      const condition = { attribute: values.attribute, operation: values.operation, value };
      return values.type === 'CONDITIONAL_ACTION'
        ? { action: values.action, conditions: [condition] }
        : { conditions: [condition] };
    }
    case 'VELOCITY_LIMIT': {
      const count = values.limit_count.trim() === '' ? null : Number(values.limit_count);
      const amount = values.limit_amount.trim() === '' ? null : parseCents(values.limit_amount);
      if (count === null && amount === null)
        throw { message: 'Enter a count limit, an amount limit, or both.' };
      const period =
        values.period === 'CUSTOM'
          ? { type: 'CUSTOM', duration: Number(values.duration) }
          : { type: values.period };
      return {
        scope: values.velocity_scope,
        period,
        ...(count === null ? {} : { limit_count: count }),
        ...(amount === null ? {} : { limit_amount: amount }),
      };
    }
    case 'MERCHANT_LOCK': {
      const merchants = [
        ...list(values.merchant_ids).map((merchant_id) => ({ merchant_id })),
        ...list(values.descriptors).map((descriptor) => ({ descriptor })),
      ];
      if (merchants.length === 0) throw { message: 'Enter at least one merchant ID or descriptor.' };
      return { merchants };
    }
    default:
      throw { message: `Unknown rule type ${values.type}` };
  }
}

export function CreateRuleDialog({ open, onClose, onCreated }) {
  return html`<${Dialog} open=${open} title="New auth rule" onClose=${onClose} wide>
    <${CreateRuleForm} onCancel=${onClose} onCreated=${onCreated} />
  <//>`;
}

function CreateRuleForm({ onCancel, onCreated }) {
  const fields = useFields({
    type: 'CONDITIONAL_BLOCK',
    name: '',
    scope: 'program',
    card_token: '',
    event_stream: 'AUTHORIZATION',
    attribute: 'MCC',
    operation: 'IS_ONE_OF',
    value: '',
    action: 'DECLINE',
    velocity_scope: 'CARD',
    period: 'DAY',
    duration: '3600',
    limit_count: '',
    limit_amount: '',
    merchant_ids: '',
    descriptors: '',
    promote: true,
  });
  const { values } = fields;
  const create = useAction(async () => {
    const parameters = readParameters(values);
    const scope =
      values.scope === 'card'
        ? { card_tokens: [values.card_token.trim()] }
        : values.scope === 'program'
          ? { program_level: true }
          : {};
    if (values.scope === 'card' && !values.card_token.trim()) throw { message: 'Enter the card’s token.' };
    const name = values.name.trim();
    let rule = await api.createRule({
      type: values.type,
      ...(name ? { name } : {}),
      ...scope,
      ...(values.type === 'CONDITIONAL_ACTION' ? { event_stream: values.event_stream } : {}),
      parameters,
    });
    if (values.promote) rule = await api.promoteRule(rule.token);
    onCreated(rule);
  });
  const numeric = NUMBER_ATTRIBUTES.includes(values.attribute);
  const conditional = values.type === 'CONDITIONAL_BLOCK' || values.type === 'CONDITIONAL_ACTION';
  const select = (name, options) =>
    html`<select
      name=${name}
      value=${values[name]}
      onChange=${(event) => fields.set(name, event.currentTarget.value)}
    >
      ${options.map((option) => html`<option value=${option}>${option}</option>`)}
    </select>`;
  return html`<form class="form" onSubmit=${create.submit} novalidate>
    <fieldset class="choice-group">
      <legend>Type</legend>
      <div class="choices">
        ${Object.entries(RULE_TYPES).map(
          ([type, hint]) =>
            html`<label class="choice">
              <input type="radio" ...${fields.choice('type', type)} />
              <span class="choice-body"><strong>${type}</strong><small>${hint}</small></span>
            </label>`,
        )}
      </div>
    </fieldset>
    <div class="field-row">
      <label class="field field-grow">
        <span>Name <span class="optional">optional</span></span>
        <input ...${fields.text('name')} maxlength="1024" placeholder="No gambling" autocomplete="off" />
      </label>
      <label class="field">
        <span>Applies to</span>
        ${select('scope', ['program', 'account', 'card'])}
      </label>
      ${
        values.scope === 'card' &&
        html`<label class="field field-grow">
          <span>Card token</span>
          <input ...${fields.text('card_token')} autocomplete="off" />
        </label>`
      }
    </div>
    ${
      conditional &&
      html`<div class="field-row">
        <label class="field"
          ><span>Attribute</span>${select('attribute', [...TEXT_ATTRIBUTES, ...NUMBER_ATTRIBUTES])}</label
        >
        <label class="field"
          ><span>Operation</span>${select('operation', numeric ? NUMBER_OPERATIONS : TEXT_OPERATIONS)}</label
        >
        <label class="field field-grow">
          <span
            >${numeric ? (values.attribute === 'RISK_SCORE' ? 'Score' : 'Amount (USD)') : 'Values (comma-separated) or pattern'}</span
          >
          <input
            ...${fields.text('value')}
            autocomplete="off"
            placeholder=${numeric ? '100.00' : '7995, 7801'}
          />
        </label>
      </div>`
    }
    ${
      values.type === 'CONDITIONAL_ACTION' &&
      html`<div class="field-row">
        <label class="field"><span>Action</span>${select('action', ['DECLINE', 'CHALLENGE'])}</label>
        <label class="field"
          ><span>Event stream</span
          >${select('event_stream', ['AUTHORIZATION', 'THREE_DS_AUTHENTICATION'])}</label
        >
      </div>`
    }
    ${
      values.type === 'VELOCITY_LIMIT' &&
      html`<div class="field-row">
        <label class="field"><span>Counted per</span>${select('velocity_scope', ['CARD', 'ACCOUNT'])}</label>
        <label class="field"><span>Period</span>${select('period', PERIODS)}</label>
        ${
          values.period === 'CUSTOM' &&
          html`<label class="field"
            ><span>Seconds</span><input ...${fields.text('duration')} inputmode="numeric"
          /></label>`
        }
        <label class="field"
          ><span>Max charges</span><input ...${fields.text('limit_count')} inputmode="numeric"
        /></label>
        <label class="field"
          ><span>Max amount (USD)</span><input ...${fields.text('limit_amount')} inputmode="decimal"
        /></label>
      </div>`
    }
    ${
      values.type === 'MERCHANT_LOCK' &&
      html`<div class="field-row">
        <label class="field field-grow"
          ><span>Merchant IDs</span><input ...${fields.text('merchant_ids')} autocomplete="off"
        /></label>
        <label class="field field-grow"
          ><span>Descriptors</span><input ...${fields.text('descriptors')} autocomplete="off"
        /></label>
      </div>`
    }
    <label class="checkbox">
      <input
        type="checkbox"
        checked=${values.promote}
        onChange=${(event) => fields.set('promote', event.currentTarget.checked)}
      />
      <span>Promote at once (a draft decides nothing until promoted)</span>
    </label>
    <${FormActions} action=${create} onCancel=${onCancel} label="Create rule" busyLabel="Creating…" />
  </form>`;
}
