// One auth rule: its versions (promote the draft, draft a new one), its scope, and its results.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { Code, StatusBadge } from '../components/badges.js';
import { ConfirmDialog } from '../components/dialog.js';
import { ErrorMessage, Loading, notify } from '../components/feedback.js';
import { api } from '../lib/api.js';
import { formatDateTime } from '../lib/format.js';
import { useAction, useLoader } from '../lib/hooks.js';
import { scopeOf, VersionBadges } from './rules.js';

function Versions({ rule, versions, onChanged }) {
  const [draft, setDraft] = useState(null);
  const promote = useAction(async () => {
    await api.promoteRule(rule.token);
    notify(`Version ${rule.draft_version.version} promoted`);
    onChanged();
  });
  const save = useAction(async () => {
    let parameters;
    try {
      parameters = JSON.parse(draft);
    } catch {
      throw { message: 'The parameters are not valid JSON.' };
    }
    await api.draftRule(rule.token, parameters);
    setDraft(null);
    notify('Draft saved');
    onChanged();
  });
  const latest = rule.draft_version ?? rule.current_version;
  return html`<section class="panel" aria-labelledby="versions-title">
    <div class="panel-head">
      <h2 id="versions-title">Versions</h2>
      <div class="actions">
        ${
          rule.draft_version &&
          html`<button
            type="button"
            class="button button-primary"
            disabled=${promote.busy}
            onClick=${() => promote.run()}
          >
            Promote v${rule.draft_version.version}
          </button>`
        }
        <button
          type="button"
          class="button"
          onClick=${() => setDraft(JSON.stringify(latest?.parameters ?? {}, null, 2))}
        >
          New draft
        </button>
      </div>
    </div>
    <${ErrorMessage} error=${promote.error} />
    ${
      draft !== null &&
      html`<form class="form" onSubmit=${save.submit} novalidate>
        <label class="field">
          <span>Parameters of the new draft (Lithic’s JSON)</span>
          <textarea
            name="parameters"
            rows="8"
            class="mono"
            value=${draft}
            onInput=${(event) => setDraft(event.currentTarget.value)}
          ></textarea>
        </label>
        <${ErrorMessage} error=${save.error} />
        <div class="actions">
          <button type="button" class="button" onClick=${() => setDraft(null)}>Cancel</button>
          <button class="button button-primary" disabled=${save.busy}>Save draft</button>
        </div>
      </form>`
    }
    <ol class="versions">
      ${versions.map(
        (v) =>
          html`<li key=${v.version}>
            <strong>v${v.version}</strong> <${StatusBadge} value=${v.state} />
            <span class="muted small">${formatDateTime(v.created)}</span>
            <pre class="mono small">${JSON.stringify(v.parameters)}</pre>
          </li>`,
      )}
    </ol>
  </section>`;
}

function Results({ token }) {
  const results = useLoader(() => api.ruleResults({ auth_rule_token: token, page_size: 20 }), [token], {
    pollMs: 3000,
  });
  const rows = results.data?.data ?? [];
  return html`<section class="panel table-panel" aria-labelledby="results-title">
    <div class="panel-head"><h2 id="results-title">Results</h2></div>
    <${ErrorMessage} error=${results.error} />
    ${results.data && rows.length === 0 && html`<p class="empty-inline muted">The rule has not run yet.</p>`}
    ${
      rows.length > 0 &&
      html`<table class="table results-table">
        <caption class="visually-hidden">
          Evaluations of this rule, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Version</th>
            <th scope="col">Stream</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr key=${r.token}>
                <td data-label="Time" class="muted nowrap">${formatDateTime(r.evaluation_time)}</td>
                <td data-label="Version">
                  v${r.rule_version}
                  ${r.mode === 'INACTIVE' && html`<small class="muted" title="A draft: it decided nothing">shadow</small>`}
                </td>
                <td data-label="Stream">${r.event_stream}</td>
                <td data-label="Action">
                  ${
                    r.actions.length === 0
                      ? html`<span class="muted">none (let through)</span>`
                      : r.actions.map(
                          (a) =>
                            html`<span class="stack"
                              ><${Code} tone="red">${a.type}${a.code ? ` ${a.code}` : ''}<//>
                              <small class="muted">${a.explanation}</small></span
                            >`,
                        )
                  }
                </td>
              </tr>`,
          )}
        </tbody>
      </table>`
    }
  </section>`;
}

export function RulePage({ token }) {
  const [deleting, setDeleting] = useState(false);
  const loaded = useLoader(
    async () => {
      const [rule, versions] = await Promise.all([api.getRule(token), api.ruleVersions(token)]);
      return { rule, versions: versions.data };
    },
    [token],
    { pollMs: 5000 },
  );
  const deactivate = useAction(async () => {
    await api.updateRule(token, { state: 'INACTIVE' });
    notify('Rule deactivated');
    loaded.reload();
  });
  const back = html`<a class="back-link" href="#/rules">← All rules</a>`;
  if (!loaded.data)
    return html`${back}${loaded.error ? html`<${ErrorMessage} error=${loaded.error} />` : html`<${Loading} label="Loading rule…" />`}`;
  const { rule, versions } = loaded.data;
  return html`<section aria-labelledby="rule-title">
    ${back}
    <div class="page-head">
      <div>
        <h1 id="rule-title">${rule.name ?? 'Unnamed rule'}</h1>
        <p class="head-meta">
          <${StatusBadge} value=${rule.state} /> <${Code}>${rule.type}<//>
          <span class="muted">${rule.event_stream}</span>
          <${VersionBadges} rule=${rule} />
        </p>
        <p class="muted small">Applies to: ${scopeOf(rule)} · <span class="mono">${rule.token}</span></p>
      </div>
      <div class="actions">
        ${
          rule.state === 'ACTIVE' &&
          html`<button
            type="button"
            class="button"
            disabled=${deactivate.busy}
            onClick=${() => deactivate.run()}
          >
            Deactivate
          </button>`
        }
        <button type="button" class="button button-danger" onClick=${() => setDeleting(true)}>Delete</button>
      </div>
    </div>
    <${ErrorMessage} error=${deactivate.error ?? loaded.error} />
    <${Versions} rule=${rule} versions=${versions} onChanged=${loaded.reload} />
    <${Results} token=${rule.token} />
    <${ConfirmDialog}
      open=${deleting}
      title="Delete this rule?"
      keepLabel="Keep rule"
      confirmLabel="Delete rule"
      busyLabel="Deleting…"
      onClose=${() => setDeleting(false)}
      onConfirm=${async () => {
        await api.deleteRule(rule.token);
        notify('Rule deleted');
        location.hash = '#/rules';
      }}
    >
      <p>It stops deciding charges at once; its results are deleted with it.</p>
    <//>
  </section>`;
}
