import { get } from 'node:http';
import { expect, it } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import { isLuhnValid } from '#domain';
import type { Environment } from '#platform';
import type { Database } from '#persistence';
import { DashboardController } from '../apps/issuer/src/dashboard/dashboard.controller.js';
import { type TestAccount, useSandbox } from './support/sandbox.js';
import {
  KEY_STORAGE,
  LAPTOP,
  useChromium,
  openDashboard as openTab,
  PHONE,
  screenshot,
  SCREENSHOTS,
  withChromium,
} from './support/dashboard.js';
import { SHIPPING_ADDRESS } from './support/spec-fixtures.js';
import { eventually, Receiver } from './support/webhooks.js';

// The few browser() globals the page-side callbacks use (the test project has no DOM types).
declare const sessionStorage: { getItem(name: string): string | null };
declare const navigator: { clipboard: { readText(): Promise<string> } };

const DEFAULT_KEY = 'sk_sandbox_dashboard_default';

/** fetch() will not send another Host header; node:http will. */
function getWithHost(url: string, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { host } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

withChromium.describe('the dashboard', () => {
  // A known default key, so the page's "filled in on a local start" path runs on both databases.
  const sandbox = useSandbox({ env: { SANDBOX_API_KEY: DEFAULT_KEY } });
  const browser = useChromium();

  /** A fresh browser() tab, already holding the account's key unless given none. */
  const openDashboard = (account: TestAccount | null, hash = '#/cards', viewport = LAPTOP): Promise<Page> =>
    openTab(browser(), sandbox, account, { hash, viewport });

  const chargeResult = (page: Page): Locator => page.getByRole('status', { name: 'Charge result' });

  async function simulateCharge(page: Page, merchant: string, amount: string, mcc = ''): Promise<void> {
    await page.getByLabel('Merchant', { exact: true }).fill(merchant);
    await page.getByLabel('Amount (USD)').fill(amount);
    await page.getByLabel('MCC').fill(mcc);
    await page.getByRole('button', { name: 'Simulate charge' }).click();
  }

  it('serves its page, assets and config without a key, outside the API document', async () => {
    const page = await fetch(`${sandbox.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<script type="importmap">');
    for (const asset of [
      '/dashboard/src/main.js',
      '/dashboard/src/pages/webhooks/subscription.js',
      '/dashboard/styles.css',
      '/dashboard/vendor/preact/dist/preact.mjs',
      '/dashboard/vendor/preact/hooks/dist/hooks.mjs',
      '/dashboard/vendor/htm/dist/htm.mjs',
      '/dashboard/vendor/htm/preact/index.mjs',
    ]) {
      expect([asset, (await fetch(`${sandbox.url}${asset}`)).status]).toEqual([asset, 200]);
    }
    // Only the libraries' ES modules are served from node_modules, nothing else of the packages.
    expect((await fetch(`${sandbox.url}/dashboard/vendor/preact/package.json`)).status).toBe(404);
    // Nor the dashboard's unit specs, wherever they sit.
    expect((await fetch(`${sandbox.url}/dashboard/src/lib/format.spec.ts`)).status).toBe(404);

    const config = await fetch(`${sandbox.url}/dashboard/config`);
    expect(await config.json()).toEqual({ default_api_key: DEFAULT_KEY });

    const paths = Object.keys(
      ((await (await fetch(`${sandbox.url}/docs/openapi.json`)).json()) as { paths: object }).paths,
    );
    expect(paths.filter((path) => path === '/' || path.startsWith('/dashboard'))).toEqual([]);
  });

  it('hands out the default key only on loopback, to a loopback Host', async () => {
    // A page on another domain that rebinds its name to 127.0.0.1 sends its own Host: no key for it.
    const rebound = await getWithHost(`${sandbox.url}/dashboard/config`, 'attacker.example:4000');
    expect(JSON.parse(rebound)).toEqual({ default_api_key: null });

    const database = { report: { apiKey: 'sk_default_key' } } as Database;
    const request = (host: string) => ({ headers: { host } }) as never;
    const controller = (HOST: string) => new DashboardController({ HOST } as Environment, database);
    expect(controller('127.0.0.1').config(request('127.0.0.1:4000'))).toEqual({
      default_api_key: 'sk_default_key',
    });
    expect(controller('127.0.0.1').config(request('localhost:4000'))).toEqual({
      default_api_key: 'sk_default_key',
    });
    // In a container the sandbox listens on every interface: never hand the key to the network.
    expect(controller('0.0.0.0').config(request('127.0.0.1:4000'))).toEqual({ default_api_key: null });
  });

  it('connects with the default key, asks again after a wrong key, and accepts an account key', async () => {
    const account = await sandbox.newAccount();
    const page = await openDashboard(null);
    await page.getByRole('heading', { name: 'Cards', level: 1 }).waitFor();
    await page.getByText(`Key …${DEFAULT_KEY.slice(-4)}`).waitFor();

    await page.getByRole('button', { name: 'Switch key' }).click();
    await page.getByLabel('API key').fill('sk_sandbox_not_a_real_key');
    await page.getByRole('button', { name: 'Connect' }).click();
    const refused = page.getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('The sandbox did not accept this key (Unknown API key)');
    await screenshot(page, 'connect-laptop');

    await page.getByLabel('API key').fill(account.apiKey);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('heading', { name: 'No cards yet' }).waitFor();
    expect(await page.evaluate((name) => sessionStorage.getItem(name), KEY_STORAGE)).toBe(account.apiKey);

    // Remembered for the browser() session: a reload stays connected with the same key.
    await page.reload();
    await page.getByText(`Key …${account.apiKey.slice(-4)}`).waitFor();
    await page.context().close();
  });

  it('asks for a key when the remembered one stops working', async () => {
    const page = await openDashboard({ apiKey: 'sk_sandbox_revoked_key' } as TestAccount);
    await page.getByRole('heading', { name: 'Connect with an API key' }).waitFor();
    expect(await page.getByRole('alert').first().textContent()).toContain('no longer accepted');
    await page.context().close();
  });

  it('creates a single-use card, reveals a Luhn-valid PAN, approves one charge and declines the next', async () => {
    const account = await sandbox.newAccount();
    const page = await openDashboard(account);
    await page.getByRole('button', { name: 'New card' }).click();
    const dialog = page.getByRole('dialog', { name: 'New card' });
    await dialog.getByRole('radio', { name: /Single-use/ }).check();
    await dialog.getByLabel('Memo').fill('Team lunch');
    await dialog.getByLabel('Spend limit (USD)').fill('50');
    await dialog.getByLabel('Limit period').selectOption('FOREVER');
    await dialog.getByRole('radio', { name: 'Open' }).check();
    await screenshot(page, 'new-card-laptop');
    await dialog.getByRole('button', { name: 'Create card' }).click();

    // The new card's page, at once.
    await page.getByRole('heading', { name: 'Team lunch', level: 1 }).waitFor();
    const [created] = (await account.client.cards.list()).data;
    expect(created).toMatchObject({
      type: 'SINGLE_USE',
      memo: 'Team lunch',
      spend_limit: 5000,
      spend_limit_duration: 'FOREVER',
      state: 'OPEN',
    });
    await page.getByText(`•••• •••• •••• ${created.last_four}`).waitFor();

    await page.getByRole('button', { name: 'Reveal card details' }).click();
    const shown = await page.getByText(/^\d{4} \d{4} \d{4} \d{4}$/).textContent();
    const pan = shown!.replaceAll(' ', '');
    expect(isLuhnValid(pan)).toBe(true);
    const full = await account.client.cards.retrieve(created.token);
    expect(pan).toBe(full.pan);
    await page.getByText(full.cvv!, { exact: true }).waitFor();
    await page.getByText(`${full.exp_month}/${full.exp_year!.slice(-2)}`, { exact: true }).waitFor();
    await page
      .getByRole('figure', { name: `Card •••• ${created.last_four}` })
      .screenshot({ path: `${SCREENSHOTS}/card-revealed.png`, animations: 'disabled' });
    await page.getByRole('button', { name: 'Copy card number' }).click();
    await page.getByRole('button', { name: 'Copy card number' }).filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(pan);
    await page.getByRole('button', { name: 'Hide card details' }).click();

    await simulateCharge(page, 'COFFEE SHOP', '12.34', '5812');
    await chargeResult(page).getByText('Approved', { exact: true }).waitFor();
    expect(await chargeResult(page).textContent()).toContain('$12.34 at COFFEE SHOP');
    await page
      .getByRole('row', { name: /COFFEE SHOP/ })
      .first()
      .waitFor();

    await simulateCharge(page, 'COFFEE SHOP', '3.00', '5812');
    await chargeResult(page).getByText('Declined', { exact: true }).waitFor();
    const declined = (await account.client.transactions.list({ result: 'DECLINED' })).data[0];
    expect(declined.result).toBe('SINGLE_USE_RECHARGED');
    const explanation = declined.events![0].rule_results[0].explanation!;
    expect(explanation).toMatch(/single-use/i);
    const result = await chargeResult(page).textContent();
    expect(result).toContain('SINGLE_USE_RECHARGED');
    expect(result).toContain('SINGLE_USE_CARD_REATTEMPTED');
    expect(result).toContain(explanation);

    // The single-use card closed itself with its purchase; the page follows without a reload.
    await page.getByText('Closed', { exact: true }).first().waitFor();
    await page.getByRole('row', { name: /SINGLE_USE_RECHARGED/ }).waitFor();
    await screenshot(page, 'single-use-card-laptop');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'card-phone');
    await page.context().close();
  });

  it('pauses a card so a charge declines, resumes it, then closes it after confirmation', async () => {
    const account = await sandbox.newAccount();
    const card = await account.client.cards.create({ type: 'VIRTUAL', memo: 'Ads budget' });
    const page = await openDashboard(account, `#/cards/${card.token}`);
    await page.getByRole('heading', { name: 'Ads budget' }).waitFor();

    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    expect((await account.client.cards.retrieve(card.token)).state).toBe('PAUSED');
    await simulateCharge(page, 'ADS NETWORK', '40');
    await chargeResult(page).getByText('Declined', { exact: true }).waitFor();
    const paused = await chargeResult(page).textContent();
    expect(paused).toContain('CARD_PAUSED');
    expect(paused).toContain('The card is paused; set its state back to OPEN before charging it.');

    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    await simulateCharge(page, 'ADS NETWORK', '40');
    await chargeResult(page).getByText('Approved', { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Close card' }).click();
    const confirm = page.getByRole('dialog', { name: 'Close this card?' });
    expect(await confirm.textContent()).toContain('final');
    await screenshot(page, 'close-card-laptop');
    // Keeping the card is the safe way out of the confirmation.
    await confirm.getByRole('button', { name: 'Keep card' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect((await account.client.cards.retrieve(card.token)).state).toBe('OPEN');

    await page.getByRole('button', { name: 'Close card' }).click();
    await confirm.getByRole('button', { name: 'Close card' }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByText('Card •••• ' + card.last_four + ' closed').waitFor();
    expect((await account.client.cards.retrieve(card.token)).state).toBe('CLOSED');
    // The notice comes first and the card's re-read after it: its buttons go when that lands.
    await page.getByRole('button', { name: 'Pause' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Close card' }).waitFor({ state: 'detached' });
    await simulateCharge(page, 'ADS NETWORK', '1');
    await chargeResult(page).getByText('CARD_CLOSED').waitFor();
    await page.context().close();
  });

  it('edits the memo and the spend limit, which the next charge obeys', async () => {
    const account = await sandbox.newAccount();
    const card = await account.client.cards.create({ type: 'MERCHANT_LOCKED', memo: 'Groceries' });
    const page = await openDashboard(account, `#/cards/${card.token}`);
    await page.getByRole('heading', { name: 'Groceries' }).waitFor();

    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit card' });
    await dialog.getByLabel('Memo').fill('Weekly groceries');
    await dialog.getByLabel('Spend limit (USD)').fill('25.50');
    await dialog.getByLabel('Limit period').selectOption('MONTHLY');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Weekly groceries' }).waitFor();
    await page.getByText('$25.50 per month').first().waitFor();
    expect(await account.client.cards.retrieve(card.token)).toMatchObject({
      memo: 'Weekly groceries',
      spend_limit: 2550,
      spend_limit_duration: 'MONTHLY',
    });

    await simulateCharge(page, 'GREEN GROCER', '20');
    await chargeResult(page).getByText('Approved', { exact: true }).waitFor();
    // The first approved merchant locks the card; the page shows it.
    await page.getByText('GREEN GROCER', { exact: true }).first().waitFor();
    await simulateCharge(page, 'GREEN GROCER', '10');
    await chargeResult(page).getByText('USER_TRANSACTION_LIMIT').waitFor();
    await simulateCharge(page, 'OTHER SHOP', '1');
    await chargeResult(page).getByText('UNAUTHORIZED_MERCHANT').waitFor();
    expect(await chargeResult(page).textContent()).toContain('locked to the merchant "GREEN GROCER"');
    // The README's picture: a card with its details, a decline and the transactions it produced.
    await page.getByRole('row', { name: /OTHER SHOP/ }).waitFor();
    await screenshot(page, 'card-laptop', true);
    await page.context().close();
  });

  it('checks card-not-present details: a wrong CVV declines, the card’s own details approve', async () => {
    const account = await sandbox.newAccount();
    const card = await account.client.cards.create({ type: 'VIRTUAL', memo: 'Online store' });
    const wrongCvv = card.cvv === '000' ? '111' : '000';
    const page = await openDashboard(account, `#/cards/${card.token}`);
    await page.getByText('Card-not-present checks').click();
    await page.getByLabel('CVV').fill(wrongCvv);
    await simulateCharge(page, 'WEB SHOP', '5');
    await chargeResult(page).getByText('CARD_SECURITY_CODE_INCORRECT').waitFor();

    await page.getByRole('button', { name: 'Use this card’s details' }).click();
    expect(await page.getByLabel('CVV').inputValue()).toBe(card.cvv);
    expect(await page.getByLabel('Expiry month').inputValue()).toBe(card.exp_month);
    await page.getByRole('button', { name: 'Simulate charge' }).click();
    await chargeResult(page).getByText('Approved', { exact: true }).waitFor();
    await page.context().close();
  });

  it('lists cards with type, state, spend limit and locked merchant, filters by state and paginates', async () => {
    const account = await sandbox.newAccount();
    const { client } = account;
    for (let i = 1; i <= 9; i++) await client.cards.create({ type: 'VIRTUAL', memo: `Vendor ${i}` });
    const paused = await client.cards.create({ type: 'SINGLE_USE', memo: 'Conference', state: 'PAUSED' });
    const locked = await client.cards.create({
      type: 'MERCHANT_LOCKED',
      memo: 'Streaming',
      spend_limit: 2000,
      spend_limit_duration: 'MONTHLY',
    });
    await client.transactions.simulateAuthorization({
      amount: 1599,
      descriptor: 'NETFLIX.COM',
      pan: (await client.cards.retrieve(locked.token)).pan!,
    });
    await client.cards.create({ type: 'VIRTUAL', memo: 'Travel', spend_limit: 100000 });

    const page = await openDashboard(account);
    const rows = page.getByRole('table', { name: 'Cards' }).locator('tbody tr');
    await page.getByRole('link', { name: /Travel/ }).waitFor();
    expect(await rows.count()).toBe(10);
    const streaming = page.getByRole('row', { name: /Streaming/ });
    await streaming.getByText('NETFLIX.COM').waitFor();
    const text = await streaming.textContent();
    expect(text).toContain('Merchant-locked');
    expect(text).toContain('NETFLIX.COM');
    expect(text).toContain('$20.00 per month');
    expect(text).toContain(`•••• ${locked.last_four}`);
    await screenshot(page, 'cards-laptop');

    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2').waitFor();
    await page.getByRole('link', { name: /Vendor 1\b/ }).waitFor();
    expect(await rows.count()).toBe(2);
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByRole('link', { name: /Travel/ }).waitFor();

    await page.getByRole('radio', { name: 'Paused' }).check();
    await page.getByRole('link', { name: /Travel/ }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: /Conference/ }).waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(`•••• ${paused.last_four}`);

    await page.getByRole('radio', { name: 'All' }).check();
    await page.getByRole('link', { name: /Travel/ }).waitFor();
    await page.setViewportSize(PHONE);
    await screenshot(page, 'cards-phone');
    await page.getByRole('link', { name: /Streaming/ }).click();
    await page.getByRole('heading', { name: 'Streaming', level: 1 }).waitFor();
    await page.context().close();
  });

  it('shows a physical card pending fulfilment, ships it, filters it by its pending state and activates it', async () => {
    const account = await sandbox.newAccount();
    const { client } = account;
    await client.cards.create({ type: 'VIRTUAL', memo: 'Online only' });
    const plastic = await client.cards.create({
      type: 'PHYSICAL',
      memo: 'Office plastic',
      shipping_address: SHIPPING_ADDRESS,
    });
    expect(plastic.state).toBe('PENDING_FULFILLMENT');

    const page = await openDashboard(account);
    const rows = page.getByRole('table', { name: 'Cards' }).locator('tbody tr');
    const row = page.getByRole('row', { name: /Office plastic/ });
    await row.getByText('Pending fulfillment').waitFor();
    expect(await row.textContent()).toContain('Physical');
    await page.getByRole('radio', { name: 'Pending fulfillment' }).check();
    // The filtered list has landed when the open card has gone and the pending one is back.
    await page.getByRole('link', { name: /Online only/ }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: /Office plastic/ }).waitFor();
    expect(await rows.count()).toBe(1);
    await page.getByRole('radio', { name: 'Pending activation' }).check();
    await page.getByText('No cards in this state').waitFor();

    await page.goto(`/#/cards/${plastic.token}`);
    await page.getByRole('heading', { name: 'Office plastic', level: 1 }).waitFor();
    // Not yet made, so there is nothing to activate or pause.
    expect(await page.getByRole('button', { name: 'Activate' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Pause' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Ship' }).click();
    await page.getByText('Card shipped: activate it once it arrives').waitFor();
    await page.getByRole('button', { name: 'Activate' }).waitFor();
    expect((await client.cards.retrieve(plastic.token)).state).toBe('PENDING_ACTIVATION');
    await page.locator('.head-meta').getByText('Pending activation').waitFor();

    await page.goto('/#/cards');
    await page.getByRole('link', { name: /Online only/ }).waitFor();
    await page.getByRole('radio', { name: 'Pending activation' }).check();
    await page.getByRole('link', { name: /Online only/ }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: /Office plastic/ }).waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Pending activation');

    await page.getByRole('link', { name: /Office plastic/ }).click();
    await page.getByRole('button', { name: 'Activate' }).click();
    await page.getByText('Card activated').waitFor();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    expect((await client.cards.retrieve(plastic.token)).state).toBe('OPEN');
    await page.context().close();
  });

  it('shows new account transactions without a reload and clears, voids and returns them', async () => {
    const account = await sandbox.newAccount();
    const { client } = account;
    const card = await client.cards.create({ type: 'VIRTUAL', memo: 'Operations' });
    const page = await openDashboard(account, '#/transactions');
    await page.getByText('No transactions yet').waitFor();

    // Charges from outside the page (the SDK here) appear by polling.
    for (const [descriptor, amount] of [
      ['BOOK STORE', 2500],
      ['TAXI RIDE', 1875],
      ['HOTEL STAY', 12000],
    ] as const) {
      await client.transactions.simulateAuthorization({ amount, descriptor, pan: card.pan! });
    }
    const row = (name: string) => page.getByRole('row', { name: new RegExp(name) }).first();
    await row('HOTEL STAY').waitFor();
    expect(await row('BOOK STORE').textContent()).toContain(`•••• ${card.last_four}`);

    await row('BOOK STORE').getByRole('button', { name: 'Clear' }).click();
    await row('BOOK STORE').getByText('Settled').waitFor();
    await row('TAXI RIDE').getByRole('button', { name: 'Void' }).click();
    await row('TAXI RIDE').getByText('Voided').waitFor();
    await row('BOOK STORE').getByRole('button', { name: 'Return' }).click();
    await page.getByText('Returned $25.00 at BOOK STORE').waitFor();
    await page.getByText('−$25.00').waitFor();

    const statuses = Object.fromEntries(
      (await client.transactions.list()).data.map((t) => [`${t.merchant.descriptor} ${t.amount}`, t.status]),
    );
    expect(statuses).toEqual({
      'BOOK STORE 2500': 'SETTLED',
      'BOOK STORE -2500': 'SETTLED',
      'TAXI RIDE 1875': 'VOIDED',
      'HOTEL STAY 12000': 'PENDING',
    });

    // The return is the newest BOOK STORE row; the purchase, now with its clearing event, is below it.
    const purchase = page.getByRole('row', { name: /BOOK STORE/ }).last();
    await purchase.getByRole('button', { name: 'Events (2)' }).click();
    await page.getByText('clearing', { exact: true }).waitFor();
    await screenshot(page, 'transactions-laptop');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'transactions-phone');
    await page.context().close();
  });

  it('adds a webhook subscription, shows its events and delivery attempts live, resends and sends an example', async () => {
    const account = await sandbox.newAccount();
    const { client } = account;
    const receiver = await Receiver.start();
    try {
      const page = await openDashboard(account, '#/webhooks');
      await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
      expect(await page.getByRole('link', { name: 'Webhooks' }).getAttribute('aria-current')).toBe('page');
      await page.getByRole('heading', { name: 'No subscriptions yet' }).waitFor();
      await page.getByText('No events yet').waitFor();

      // Through the form: a URL, a description and two of the types the sandbox emits.
      await page.getByRole('button', { name: 'New subscription' }).click();
      const dialog = page.getByRole('dialog', { name: 'New subscription' });
      await dialog.getByRole('button', { name: 'Add subscription' }).click();
      await dialog.getByRole('alert').getByText('Enter the URL to deliver events to').waitFor();
      await dialog.getByLabel('URL').fill(receiver.url);
      await dialog.getByLabel('Description').fill('Local receiver');
      expect(await dialog.getByRole('checkbox', { name: /All event types/ }).isChecked()).toBe(true);
      await dialog.getByRole('checkbox', { name: /^card\.created/ }).check();
      await dialog.getByRole('checkbox', { name: /^card_transaction\.updated/ }).check();
      expect(await dialog.getByRole('checkbox', { name: /All event types/ }).isChecked()).toBe(false);
      await screenshot(page, 'webhooks-new-subscription-laptop');
      await dialog.getByRole('button', { name: 'Add subscription' }).click();
      await dialog.waitFor({ state: 'hidden' });

      const subscription = page.getByRole('article', { name: receiver.url });
      await subscription.getByText('Local receiver').waitFor();
      expect(await subscription.textContent()).toContain('Enabled');
      const [created] = (await client.events.subscriptions.list()).data;
      expect(created).toMatchObject({
        url: receiver.url,
        description: 'Local receiver',
        disabled: false,
        event_types: ['card.created', 'card_transaction.updated'],
      });

      // Its signing secret, as the API gives it, to copy.
      await subscription.getByRole('button', { name: 'Signing secret' }).click();
      const { secret } = await client.events.subscriptions.retrieveSecret(created.token);
      await subscription.getByText(secret!, { exact: true }).waitFor();
      await subscription.getByRole('button', { name: 'Copy signing secret' }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
      await subscription.getByRole('button', { name: 'Hide secret' }).click();

      // A card made in the dashboard: its card.created event and a successful delivery appear by polling.
      await page.getByRole('link', { name: 'Cards' }).click();
      await page.getByRole('button', { name: 'New card' }).click();
      const newCard = page.getByRole('dialog', { name: 'New card' });
      await newCard.getByRole('radio', { name: /Virtual/ }).check();
      await newCard.getByLabel('Memo').fill('Webhook card');
      await newCard.getByRole('button', { name: 'Create card' }).click();
      await page.getByRole('heading', { name: 'Webhook card', level: 1 }).waitFor();
      const [card] = (await client.cards.list()).data;
      await page.getByRole('link', { name: 'Webhooks' }).click();

      const events = page.getByRole('table', { name: 'Recent events, newest first' });
      const cardCreated = events.getByRole('row', { name: /card\.created/ });
      await cardCreated.getByText(`•••• ${card.last_four} · Virtual · Webhook card`).waitFor();
      await cardCreated.getByText('Success').waitFor();
      const delivered = await eventually(
        'the card.created delivery',
        () => receiver.ofType('card.created')[0],
      );
      expect(delivered.json).toMatchObject({ event_type: 'card.created', token: card.token });
      await subscription.getByRole('row', { name: /Success card\.created HTTP 200/ }).waitFor();

      // Its payload and attempts; the receiver now fails, so a resend records a FAILED attempt.
      await cardCreated.getByRole('button', { name: /Details of card\.created/ }).click();
      const payload = page.getByLabel(`Payload of card.created ${delivered.id}`);
      expect(JSON.parse((await payload.textContent())!)).toMatchObject({
        token: card.token,
        memo: 'Webhook card',
      });
      const attempts = page.getByRole('region', { name: 'Delivery attempts' });
      await attempts.getByRole('listitem').filter({ hasText: 'Success' }).getByText('HTTP 200').waitFor();
      receiver.answer = () => ({ status: 500, body: 'receiver is down' });
      await attempts.getByRole('button', { name: `Resend card.created to ${receiver.url}` }).click();
      const failed = attempts.getByRole('listitem').filter({ hasText: 'Failed' }).first();
      await failed.getByText('HTTP 500').waitFor();
      expect(await failed.textContent()).toContain('receiver is down');
      await eventually('a delivery answered 500', () => receiver.ofType('card.created').length >= 2);

      // Back up: the retry that is already queued succeeds, without a reload.
      receiver.answer = () => ({ status: 200, body: 'ok' });
      await eventually(
        'the retried delivery',
        async () =>
          (await client.events.listAttempts(delivered.id)).data.filter((a) => a.status === 'SUCCESS')
            .length >= 2,
        15_000,
      );
      await attempts.getByRole('listitem').filter({ hasText: 'Success' }).nth(1).waitFor();

      // An example: about the sandbox's example card, and marked as one; the real event is not.
      await subscription.getByLabel('Example event type').selectOption('card_transaction.updated');
      await subscription.getByRole('button', { name: 'Send example' }).click();
      await page.getByText('Example card_transaction.updated sent').waitFor();
      const example = events.getByRole('row', { name: /card_transaction\.updated/ });
      await example.getByText('$12.50 at SANDBOX COFFEE').waitFor();
      await example.getByText('Example', { exact: true }).waitFor();
      expect(await cardCreated.getByText('Example', { exact: true }).count()).toBe(0);
      await example.getByText('Success').waitFor();
      await eventually('the example delivery', () => receiver.ofType('card_transaction.updated')[0]);
      await subscription.getByRole('row', { name: /Success card_transaction\.updated HTTP 200/ }).waitFor();
      await screenshot(page, 'webhooks-laptop', true);
      await page.setViewportSize(PHONE);
      await screenshot(page, 'webhooks-phone', true);
      await page.setViewportSize(LAPTOP);

      // Disable and enable again, then delete after confirming.
      await subscription.getByRole('button', { name: 'Disable' }).click();
      await subscription.getByText('Disabled', { exact: true }).waitFor();
      expect((await client.events.subscriptions.retrieve(created.token)).disabled).toBe(true);
      expect(await subscription.getByRole('button', { name: 'Send example' }).isDisabled()).toBe(true);
      await subscription.getByRole('button', { name: 'Enable' }).click();
      await subscription.getByText('Enabled', { exact: true }).waitFor();
      expect((await client.events.subscriptions.retrieve(created.token)).disabled).toBe(false);

      await subscription.getByRole('button', { name: 'Delete' }).click();
      const confirm = page.getByRole('dialog', { name: 'Delete this subscription?' });
      await confirm.getByRole('button', { name: 'Keep subscription' }).click();
      await confirm.waitFor({ state: 'hidden' });
      await subscription.getByRole('button', { name: 'Delete' }).click();
      await confirm.getByRole('button', { name: 'Delete subscription' }).click();
      await page.getByRole('heading', { name: 'No subscriptions yet' }).waitFor();
      expect((await client.events.subscriptions.list()).data).toEqual([]);
      await page.context().close();
    } finally {
      await receiver.stop();
    }
  });

  it('shows webhook API errors in words', async () => {
    const account = await sandbox.newAccount();
    const page = await openDashboard(account, '#/webhooks');
    await page.getByRole('button', { name: 'New subscription' }).click();
    const dialog = page.getByRole('dialog', { name: 'New subscription' });
    await dialog.getByLabel('URL').fill('ftp://example.com/hooks');
    await dialog.getByRole('button', { name: 'Add subscription' }).click();
    const alert = dialog.getByRole('alert');
    await alert.getByText('url must be an http:// or https:// URL').waitFor();
    expect(await alert.textContent()).toContain('The sandbox answered 400');
    await dialog.getByRole('checkbox', { name: /All event types/ }).uncheck();
    await dialog.getByLabel('URL').fill('http://127.0.0.1:9/hooks');
    await dialog.getByRole('button', { name: 'Add subscription' }).click();
    await alert.getByText('Choose the event types to deliver').waitFor();
    await page.context().close();
  });

  it('takes the first click on an event type after an error, and clears the error as the form is edited', async () => {
    const account = await sandbox.newAccount();
    const page = await openDashboard(account, '#/webhooks');
    await page.getByRole('button', { name: 'New subscription' }).click();
    const dialog = page.getByRole('dialog', { name: 'New subscription' });
    await dialog.getByLabel('URL').fill('http://127.0.0.1:9/hooks');
    await dialog.getByRole('checkbox', { name: /All event types/ }).uncheck();
    await dialog.getByRole('button', { name: 'Add subscription' }).click();
    await dialog.getByRole('alert').getByText('Choose the event types to deliver').waitFor();
    // One click checks it (and clears the message), though the message re-renders the form.
    await dialog.getByRole('checkbox', { name: /^card\.created/ }).check();
    await dialog.getByRole('alert').waitFor({ state: 'detached' });
    await dialog.getByRole('button', { name: 'Add subscription' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const [created] = (await account.client.events.subscriptions.list()).data;
    expect(created.event_types).toEqual(['card.created']);
    await page.context().close();
  });

  it('works from the keyboard: dialogs take focus, Escape closes them, focus goes back', async () => {
    const account = await sandbox.newAccount();
    const page = await openDashboard(account);
    await page.getByRole('heading', { name: 'No cards yet' }).waitFor();
    const newCard = page.getByRole('button', { name: 'New card' });
    await newCard.waitFor();
    await newCard.focus();
    await page.keyboard.press('Enter');
    const single = page.getByRole('dialog', { name: 'New card' }).getByRole('radio', { name: /Single-use/ });
    await single.waitFor();
    expect(await single.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.press('ArrowRight');
    expect(
      await page.getByRole('radio', { name: /Merchant-locked/ }).evaluate((element) => element.checked),
    ).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'New card' }).waitFor({ state: 'hidden' });
    // The focus is back on the button that opened the dialog (waited for: it moves as the dialog closes).
    await newCard.evaluate(
      (button) =>
        new Promise<void>((resolve, reject) => {
          const deadline = Date.now() + 5000;
          const check = () => {
            if (button === button.ownerDocument.activeElement) resolve();
            else if (Date.now() > deadline) reject(new Error('the focus never went back to New card'));
            else setTimeout(check, 20);
          };
          check();
        }),
    );
    await page.context().close();
  });

  it('shows API errors in words', async () => {
    const account = await sandbox.newAccount();
    const card = await account.client.cards.create({ type: 'VIRTUAL', memo: 'Errors' });
    const page = await openDashboard(account, `#/cards/${card.token}`);
    await simulateCharge(page, 'SHOP', '5', '12');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('mcc must be four digits');

    await simulateCharge(page, 'SHOP', 'five dollars');
    await alert.getByText('Enter the amount in dollars').waitFor();

    const missing = '00000000-0000-4000-8000-000000000000';
    await page.goto(`/#/cards/${missing}`);
    await page.getByRole('alert').getByText(`Card ${missing} not found`).waitFor();
    await page.context().close();
  });
});
