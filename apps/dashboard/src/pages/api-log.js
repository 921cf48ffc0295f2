// The API log: this account's requests and answers from the request journal, newest first.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';
import { Badge } from '../components/badges.js';
import { ErrorMessage, Loading } from '../components/feedback.js';
import { Pager } from '../components/pager.js';
import { api } from '../lib/api.js';
import { formatDateTime } from '../lib/format.js';
import { useLoader, usePages } from '../lib/hooks.js';

const POLL_MS = 3000;
const PAGE_SIZE = 25;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function statusTone(status) {
  if (status >= 500) return 'red';
  if (status >= 400) return 'amber';
  return 'green';
}

/** JSON bodies indented; anything else as it was stored. */
function pretty(body) {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function Body({ title, body, label }) {
  return html`<div class="log-body">
    <h3>${title}</h3>
    ${
      body === null
        ? html`<p class="muted small">No body</p>`
        : html`<pre class="json" tabindex="0" aria-label=${label}>${pretty(body)}</pre>`
    }
  </div>`;
}

function Filters({ filters, onChange }) {
  const submit = (event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    onChange({
      method: form.get('method') || undefined,
      path: form.get('path').trim() || undefined,
      status: form.get('status').trim() || undefined,
    });
  };
  return html`<form class="log-filters" onSubmit=${submit} aria-label="Filter requests">
    <label class="field">
      <span>Method</span>
      <select name="method" value=${filters.method ?? ''}>
        <option value="">Any</option>
        ${METHODS.map((m) => html`<option value=${m}>${m}</option>`)}
      </select>
    </label>
    <label class="field">
      <span>Path (prefix, or * glob)</span>
      <input name="path" placeholder="/v1/cards" value=${filters.path ?? ''} spellcheck="false" />
    </label>
    <label class="field">
      <span>Status</span>
      <input name="status" inputmode="numeric" placeholder="201" value=${filters.status ?? ''} />
    </label>
    <button class="button">Filter</button>
  </form>`;
}

function LogTable({ rows }) {
  const [open, setOpen] = useState(() => new Set());
  const toggle = (token) =>
    setOpen((all) => {
      const next = new Set(all);
      if (!next.delete(token)) next.add(token);
      return next;
    });
  return html`<table class="table log-table">
    <caption class="visually-hidden">
      API requests, newest first
    </caption>
    <thead>
      <tr>
        <th scope="col">Time</th>
        <th scope="col">Method</th>
        <th scope="col">Path</th>
        <th scope="col">Status</th>
        <th scope="col" class="numeric">Duration</th>
        <th scope="col"><span class="visually-hidden">Bodies</span></th>
      </tr>
    </thead>
    <tbody>
      ${rows.map((entry) => {
        const expanded = open.has(entry.token);
        const what = `${entry.method} ${entry.path}`;
        return html`<tr key=${entry.token} class="log-row">
            <td data-label="Time" class="muted nowrap">${formatDateTime(entry.created)}</td>
            <td data-label="Method"><span class="mono">${entry.method}</span></td>
            <td data-label="Path">
              <span class="mono break"
                >${entry.path}${entry.query && html`<span class="muted">?${entry.query}</span>`}</span
              >
            </td>
            <td data-label="Status"><${Badge} tone=${statusTone(entry.status)}>${entry.status}<//></td>
            <td data-label="Duration" class="numeric muted">${entry.duration_ms} ms</td>
            <td class="row-actions">
              <button
                type="button"
                class="button button-small button-ghost"
                aria-expanded=${expanded ? 'true' : 'false'}
                aria-controls=${`log-${entry.token}`}
                aria-label=${`Bodies of ${what}`}
                onClick=${() => toggle(entry.token)}
              >
                Bodies
              </button>
            </td>
          </tr>
          ${
            expanded &&
            html`<tr class="log-detail-row" id=${`log-${entry.token}`} key=${`${entry.token}-bodies`}>
              <td colspan="6">
                <p class="muted small">Request id <span class="mono">${entry.request_id}</span></p>
                <div class="log-bodies">
                  <${Body} title="Request" body=${entry.request_body} label=${`Request body of ${what}`} />
                  <${Body} title="Response" body=${entry.response_body} label=${`Response body of ${what}`} />
                </div>
              </td>
            </tr>`
          }`;
      })}
    </tbody>
  </table>`;
}

export function ApiLogPage() {
  const [filters, setFilters] = useState({});
  const pages = usePages(JSON.stringify(filters));
  const list = useLoader(
    () => api.listRequests({ ...filters, page_size: PAGE_SIZE, starting_after: pages.cursor }),
    [JSON.stringify(filters), pages.cursor],
    { pollMs: pages.page === 1 ? POLL_MS : 0 },
  );
  const rows = list.data?.data ?? [];
  return html`<section aria-labelledby="api-log-title">
    <div class="page-head">
      <div>
        <h1 id="api-log-title">API log</h1>
        <p class="muted">
          Requests made with this account's key (the SDK, curl, this dashboard's changes), newest first, with
          their bodies. Card numbers and CVVs are masked.
        </p>
      </div>
      <span class="live"><span class="live-dot" aria-hidden="true"></span>Live</span>
    </div>
    <div class="panel table-panel">
      <${Filters} filters=${filters} onChange=${setFilters} />
      <${ErrorMessage} error=${list.error} />
      ${list.loading && !list.data && html`<${Loading} label="Loading requests…" />`}
      ${list.data && rows.length === 0 && html`<p class="empty-inline muted">No requests recorded yet.</p>`}
      ${rows.length > 0 && html`<${LogTable} rows=${rows} />`}
      ${
        list.data &&
        html`<${Pager}
          pages=${pages}
          hasMore=${list.data.has_more}
          lastToken=${rows.at(-1)?.token}
          label="Requests"
        />`
      }
    </div>
  </section>`;
}
