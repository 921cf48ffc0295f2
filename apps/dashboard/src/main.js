// The dashboard's shell: API key gate, header, and a hash router over the pages.
import { html } from 'htm/preact';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Notices } from './components/feedback.js';
import { api, onUnauthorized, rememberKey, storedKey } from './lib/api.js';
import { ApiLogPage } from './pages/api-log.js';
import { CardPage } from './pages/card.js';
import { CardsPage } from './pages/cards.js';
import { KeyForm } from './pages/connect.js';
import { RulePage } from './pages/rule.js';
import { RulesPage } from './pages/rules.js';
import { TransactionsPage } from './pages/transactions.js';
import { WebhooksPage } from './pages/webhooks.js';

/**
 * The pages, in the order of the navigation: `#/<path>` shows `Page`, and `#/<path>/<token>` shows
 * `Detail` when the page has one. A new page is an import and an entry here; the first is the default.
 */
const PAGES = [
  { path: 'cards', label: 'Cards', Page: CardsPage, Detail: CardPage },
  { path: 'transactions', label: 'Transactions', Page: TransactionsPage },
  { path: 'rules', label: 'Rules', Page: RulesPage, Detail: RulePage },
  { path: 'webhooks', label: 'Webhooks', Page: WebhooksPage },
  { path: 'api-log', label: 'API log', Page: ApiLogPage },
];

/** The page the address names, and the token of a detail route; the first page for anything else. */
function matchRoute(hash) {
  const [, path, token] = /^#\/([\w-]+)(?:\/([\w-]+))?$/.exec(hash) ?? [];
  const page = PAGES.find((p) => p.path === path);
  if (page && (!token || page.Detail)) return { page, token };
  return { page: PAGES[0], token: undefined };
}

function useRoute() {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const changed = () => {
      setHash(location.hash);
      window.scrollTo(0, 0);
    };
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return matchRoute(hash);
}

function Header({ route, apiKey, onSwitchKey }) {
  return html`<header class="topbar">
    <div class="topbar-inner">
      <a class="brand" href="#/cards"><span class="brand-mark" aria-hidden="true"></span>Card Sandbox</a>
      <nav class="nav" aria-label="Main">
        ${PAGES.map(
          (page) =>
            html`<a
              href=${`#/${page.path}`}
              class="nav-link"
              aria-current=${page === route.page ? 'page' : undefined}
              >${page.label}</a
            >`,
        )}
        <a class="nav-link" href="/docs" target="_blank" rel="noopener">API docs</a>
      </nav>
      <div class="key-chip">
        <span class="muted" title="The API key this tab uses">Key …${apiKey.slice(-4)}</span>
        <button type="button" class="button button-small" onClick=${onSwitchKey}>Switch key</button>
      </div>
    </div>
  </header>`;
}

function App() {
  const [apiKey, setApiKey] = useState(null);
  // 'starting' until a key is known to work; 'prompt' asks for one, with the reason.
  const [gate, setGate] = useState({ state: 'starting', reason: null });
  const route = useRoute();

  useEffect(() => {
    onUnauthorized(() =>
      setGate({
        state: 'prompt',
        reason: 'The sandbox no longer accepts this tab’s API key. Enter a valid key.',
      }),
    );
    (async () => {
      let key = storedKey();
      let fromConfig = false;
      if (!key) {
        key = (await api.config().catch(() => null))?.default_api_key ?? null;
        fromConfig = true;
      }
      if (!key) return setGate({ state: 'prompt', reason: null });
      try {
        await api.checkKey(key);
        rememberKey(key);
        setApiKey(key);
        setGate({ state: 'ready', reason: null });
      } catch (error) {
        const reason =
          error.status === 401
            ? fromConfig
              ? 'The sandbox’s default key was not accepted. Enter a valid key.'
              : 'The API key saved in this tab is no longer accepted. Enter a valid key.'
            : `The sandbox could not be reached: ${error.message}`;
        setGate({ state: 'prompt', reason });
      }
    })();
  }, []);

  const connected = (key) => {
    setApiKey(key);
    setGate({ state: 'ready', reason: null });
    location.hash = '#/cards';
  };

  if (gate.state === 'starting') return html`<main class="gate"><p class="muted">Connecting…</p></main>`;
  if (gate.state !== 'ready')
    return html`<${KeyForm}
      reason=${gate.reason}
      onConnected=${connected}
      onCancel=${gate.state === 'switch' && (() => setGate({ state: 'ready', reason: null }))}
    />`;
  return html`<${Header}
      route=${route}
      apiKey=${apiKey}
      onSwitchKey=${() => setGate({ state: 'switch', reason: null })}
    />
    <main class="page" key=${apiKey}>
      ${route.token ? html`<${route.page.Detail} token=${route.token} />` : html`<${route.page.Page} />`}
    </main>
    <${Notices} />`;
}

render(html`<${App} />`, document.getElementById('app'));
