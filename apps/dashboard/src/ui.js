// Small shared pieces: badges, dialogs, copy buttons, error messages, notices and data hooks.
import { html } from 'htm/preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { titleCase } from './format.js';

const TONES = {
  OPEN: 'green',
  APPROVED: 'green',
  SETTLED: 'green',
  PAUSED: 'amber',
  PENDING: 'blue',
  CLOSED: 'gray',
  VOIDED: 'gray',
  EXPIRED: 'gray',
  DECLINED: 'red',
  // Webhook delivery attempts.
  SUCCESS: 'green',
  SENDING: 'amber',
  FAILED: 'red',
};

export function Badge({ tone = 'gray', children, dot = false }) {
  return html`<span class=${`badge badge-${tone} ${dot ? 'badge-dot' : ''}`}>${children}</span>`;
}

/** A card state or transaction status, in words, coloured by meaning. */
export function StatusBadge({ value }) {
  return html`<${Badge} tone=${TONES[value] ?? 'gray'} dot>${titleCase(value)}<//>`;
}

/** A result code as the API spells it (SINGLE_USE_RECHARGED), so it can be looked up. */
export function Code({ children, tone }) {
  return html`<code class=${`code ${tone ? `code-${tone}` : ''}`}>${children}</code>`;
}

/** An API failure in words, with the request id the sandbox logged it under. */
export function ErrorMessage({ error }) {
  if (!error) return null;
  return html`<div class="error" role="alert">
    ${error.status === 0 && html`<strong>Connection problem</strong>`}
    ${error.status > 0 && html`<strong>The sandbox answered ${error.status}</strong>`}
    <span>${error.message}</span>
    ${error.requestId && html`<small>Request id ${error.requestId}</small>`}
  </div>`;
}

/** A modal dialog on the native <dialog>: focus trap, Escape to close and a backdrop for free. */
export function Dialog({ open, title, onClose, children, wide = false }) {
  const ref = useRef(null);
  const id = useRef(`dialog-${Math.random().toString(36).slice(2)}`).current;
  useEffect(() => {
    const dialog = ref.current;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return html`<dialog
    ref=${ref}
    class=${`dialog ${wide ? 'dialog-wide' : ''}`}
    aria-labelledby=${id}
    onCancel=${(event) => {
      event.preventDefault();
      onClose();
    }}
  >
    ${
      open &&
      html`<div class="dialog-head">
          <h2 id=${id}>${title}</h2>
          <button type="button" class="icon-button" aria-label="Close dialog" onClick=${onClose}>×</button>
        </div>
        ${children}`
    }
  </dialog>`;
}

async function writeClipboard(text) {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Clipboard API unavailable (plain http on a non-local host): fall back to a selection copy.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}

export function CopyButton({ text, label }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return undefined;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return html`<button
    type="button"
    class="copy-button"
    aria-label=${`Copy ${label}`}
    onClick=${async () => {
      await writeClipboard(text);
      setCopied(true);
    }}
  >
    ${copied ? 'Copied' : 'Copy'}
  </button>`;
}

// Notices: short confirmations ("Card paused") announced politely and gone after a few seconds.
const listeners = new Set();
let noticeId = 0;
export function notify(message) {
  const notice = { id: ++noticeId, message };
  for (const listener of listeners) listener(notice);
}

export function Notices() {
  const [notices, setNotices] = useState([]);
  useEffect(() => {
    const listener = (notice) => {
      setNotices((all) => [...all, notice]);
      setTimeout(() => setNotices((all) => all.filter((n) => n.id !== notice.id)), 3500);
    };
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return html`<div class="notices" role="status" aria-live="polite">
    ${notices.map((n) => html`<div class="notice" key=${n.id}>${n.message}</div>`)}
  </div>`;
}

/**
 * `?poll_ms=300` in the page's address replaces every refresh interval, so a test can see several
 * refreshes in a second or two; without it each screen keeps its own interval.
 */
const POLL_OVERRIDE = Number(new URLSearchParams(location.search).get('poll_ms')) || 0;

/**
 * Loads data and reloads it on demand, or every `pollMs` while the tab is visible. A failed poll keeps
 * the last data and shows the error; the next success clears it.
 */
export function useLoader(load, deps, { pollMs: wanted = 0 } = {}) {
  const pollMs = wanted && (POLL_OVERRIDE || wanted);
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const generation = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const data = await load();
      if (mine === generation.current) setState({ data, error: null, loading: false });
    } catch (error) {
      if (mine === generation.current) setState((s) => ({ ...s, error, loading: false }));
    }
  }, deps);
  useEffect(() => {
    setState({ data: null, error: null, loading: true });
    reload();
    if (!pollMs) return () => generation.current++;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, pollMs);
    return () => {
      clearInterval(timer);
      generation.current++;
    };
  }, [reload, pollMs]);
  return { ...state, reload };
}

/**
 * A form's own values, from `initial` when it mounts: the page's refreshes re-render it with new props
 * but never touch what the person has typed or chosen, until the form is submitted or cancelled (and
 * unmounted with its dialog). `text(name)` and `choice(name, value)` spread onto inputs and selects.
 */
export function useFields(initial) {
  const [values, setValues] = useState(initial);
  const set = (name, value) => setValues((all) => ({ ...all, [name]: value }));
  return {
    values,
    set,
    text: (name) => ({
      name,
      value: values[name],
      onInput: (event) => set(name, event.currentTarget.value),
    }),
    choice: (name, value) => ({
      name,
      value,
      checked: values[name] === value,
      onChange: () => set(name, value),
    }),
  };
}

/** Keyset pagination over a Lithic list: a stack of `starting_after` cursors, one per page seen. */
export function usePages(resetKey) {
  const [cursors, setCursors] = useState([undefined]);
  useEffect(() => setCursors([undefined]), [resetKey]);
  const page = cursors.length;
  return {
    page,
    cursor: cursors[page - 1],
    next: (lastToken) => setCursors((c) => [...c, lastToken]),
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
  };
}

export function Pager({ pages, hasMore, lastToken, label }) {
  if (pages.page === 1 && !hasMore) return null;
  return html`<nav class="pager" aria-label=${`${label} pages`}>
    <button type="button" class="button" disabled=${pages.page === 1} onClick=${pages.previous}>
      Previous page
    </button>
    <span>Page ${pages.page}</span>
    <button type="button" class="button" disabled=${!hasMore} onClick=${() => pages.next(lastToken)}>
      Next page
    </button>
  </nav>`;
}

export function Loading({ label = 'Loading…' }) {
  return html`<p class="muted loading" aria-busy="true">${label}</p>`;
}
