// The dashboard's shell: API key gate, header, and a hash router over five screens.
import { html } from 'htm/preact';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, onUnauthorized, rememberKey, storedKey } from './api.js';
import { ApiLogPage } from './api-log.js';
import { CardPage } from './card-detail.js';
import { CardsPage } from './cards-list.js';
import { TransactionsPage } from './transactions.js';
import { WebhooksPage } from './webhooks.js';
import { ErrorMessage, Notices } from './ui.js';

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
  const card = /^#\/cards\/([\w-]+)$/.exec(hash);
  if (card) return { screen: 'card', token: card[1] };
  if (hash === '#/transactions') return { screen: 'transactions' };
  if (hash === '#/webhooks') return { screen: 'webhooks' };
  if (hash === '#/api-log') return { screen: 'api-log' };
  return { screen: 'cards' };
}

function KeyForm({ reason, onConnected, onCancel }) {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event) => {
    event.preventDefault();
    const key = new FormData(event.currentTarget).get('api_key').trim();
    if (!key) return setError({ message: 'Enter an API key.' });
    setBusy(true);
    setError(null);
    try {
      await api.checkKey(key);
      rememberKey(key);
      onConnected(key);
    } catch (failure) {
      setError(
        failure.status === 401
          ? { message: `The sandbox did not accept this key (${failure.message}). Check it and try again.` }
          : failure,
      );
    } finally {
      setBusy(false);
    }
  };
  return html`<main class="gate">
    <form class="panel gate-panel" onSubmit=${submit} novalidate>
      <div class="brand brand-large"><span class="brand-mark" aria-hidden="true"></span>Card Sandbox</div>
      <h1>Connect with an API key</h1>
      ${reason && html`<p class="warning" role="alert">${reason}</p>`}
      <p class="muted">
        Use the key the sandbox printed when it started (the <code>API key:</code> line), or the key of an
        account you created. It is kept in this browser tab only.
      </p>
      <label class="field">
        <span>API key</span>
        <input name="api_key" autocomplete="off" spellcheck="false" autofocus required />
      </label>
      <${ErrorMessage} error=${error} />
      <div class="actions">
        ${onCancel && html`<button type="button" class="button" onClick=${onCancel}>Cancel</button>`}
        <button class="button button-primary" disabled=${busy}>${busy ? 'Connecting…' : 'Connect'}</button>
      </div>
    </form>
  </main>`;
}

function Header({ route, apiKey, onSwitchKey }) {
  const link = (href, label, active) =>
    html`<a href=${href} class="nav-link" aria-current=${active ? 'page' : undefined}>${label}</a>`;
  return html`<header class="topbar">
    <div class="topbar-inner">
      <a class="brand" href="#/cards"><span class="brand-mark" aria-hidden="true"></span>Card Sandbox</a>
      <nav class="nav" aria-label="Main">
        ${link('#/cards', 'Cards', route.screen === 'cards' || route.screen === 'card')}
        ${link('#/transactions', 'Transactions', route.screen === 'transactions')}
        ${link('#/webhooks', 'Webhooks', route.screen === 'webhooks')}
        ${link('#/api-log', 'API log', route.screen === 'api-log')}
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
      ${route.screen === 'card' && html`<${CardPage} token=${route.token} />`}
      ${route.screen === 'transactions' && html`<${TransactionsPage} />`}
      ${route.screen === 'webhooks' && html`<${WebhooksPage} />`}
      ${route.screen === 'api-log' && html`<${ApiLogPage} />`}
      ${route.screen === 'cards' && html`<${CardsPage} />`}
    </main>
    <${Notices} />`;
}

render(html`<${App} />`, document.getElementById('app'));
