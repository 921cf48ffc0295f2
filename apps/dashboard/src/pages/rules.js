// Auth Rules v2: every rule of the account with its versions; "New rule" makes one from a form.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { Badge, Code, StatusBadge } from '../components/badges.js';
import { ErrorMessage, Loading, notify } from '../components/feedback.js';
import { api } from '../lib/api.js';
import { useLoader } from '../lib/hooks.js';
import { CreateRuleDialog } from './rules/rule-form.js';

/** Where a rule applies, in words. */
export function scopeOf(rule) {
  if (rule.program_level)
    return rule.excluded_card_tokens?.length
      ? `Every card but ${rule.excluded_card_tokens.length}`
      : 'Every card';
  if (rule.card_tokens.length)
    return `${rule.card_tokens.length} card${rule.card_tokens.length > 1 ? 's' : ''}`;
  return 'The account';
}

export function VersionBadges({ rule }) {
  return html`${
    rule.current_version
      ? html`<${Badge} tone="green">v${rule.current_version.version} active<//>`
      : html`<${Badge}>no active version<//>`
  }
  ${rule.draft_version && html`<${Badge} tone="blue">v${rule.draft_version.version} draft<//>`}`;
}

export function RulesPage() {
  const [creating, setCreating] = useState(false);
  const rules = useLoader(() => api.listRules({ page_size: 100 }), [], { pollMs: 5000 });
  const rows = rules.data?.data ?? [];
  return html`<section aria-labelledby="rules-title">
    <div class="page-head">
      <div>
        <h1 id="rules-title">Auth rules</h1>
        <p class="muted">
          Spend controls checked on every charge after the card’s own locks and limits. A draft decides
          nothing until it is promoted.
        </p>
      </div>
      <button type="button" class="button button-primary" onClick=${() => setCreating(true)}>
        <span aria-hidden="true">+</span> New rule
      </button>
    </div>
    <${ErrorMessage} error=${rules.error} />
    ${rules.loading && !rules.data && html`<${Loading} label="Loading rules…" />`}
    ${rules.data && rows.length === 0 && html`<p class="empty-inline muted">No rules yet.</p>`}
    ${
      rows.length > 0 &&
      html`<div class="panel table-panel">
        <table class="table rules-table">
          <caption class="visually-hidden">
            Auth rules, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Type</th>
              <th scope="col">Applies to</th>
              <th scope="col">State</th>
              <th scope="col">Versions</th>
            </tr>
          </thead>
          <tbody>
            ${rows.map(
              (rule) =>
                html`<tr key=${rule.token}>
                  <td data-label="Rule">
                    <a href=${`#/rules/${rule.token}`}>${rule.name ?? rule.token}</a>
                  </td>
                  <td data-label="Type">
                    <${Code}>${rule.type}<//> <span class="muted small">${rule.event_stream}</span>
                  </td>
                  <td data-label="Applies to">${scopeOf(rule)}</td>
                  <td data-label="State"><${StatusBadge} value=${rule.state} /></td>
                  <td data-label="Versions"><${VersionBadges} rule=${rule} /></td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`
    }
    <${CreateRuleDialog}
      open=${creating}
      onClose=${() => setCreating(false)}
      onCreated=${(rule) => {
        setCreating(false);
        notify(`Rule ${rule.name ?? rule.token} created`);
        location.hash = `#/rules/${rule.token}`;
      }}
    />
  </section>`;
}
