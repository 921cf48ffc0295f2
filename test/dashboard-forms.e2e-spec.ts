import { expect, it } from '@jest/globals';
import type { Page, Request } from 'playwright-core';
import { useChromium, openDashboard, screenshot, withChromium } from './support/dashboard.js';
import { type TestAccount, useSandbox } from './support/sandbox.js';
import { Receiver } from './support/webhooks.js';

// Every refresh of the page comes this often (the page's ?poll_ms=), so waiting longer than two of
// them takes a second, not the ten seconds of the real intervals.
const POLL_MS = 250;
// A person's pause between two fields: longer than two refreshes.
const PAUSE_MS = 4 * POLL_MS;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The page's calls to the API, as they are made. */
function apiRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/v1/')) seen.push(request);
  });
  return seen;
}

const isRead = (path: string) => (request: Request) =>
  request.method() === 'GET' && new URL(request.url()).pathname === path;

withChromium.describe('the dashboard’s forms, while the page refreshes behind them', () => {
  const sandbox = useSandbox();
  const browser = useChromium();

  const open = (account: TestAccount, hash: string) =>
    openDashboard(browser(), sandbox, account, { hash, pollMs: POLL_MS });

  /** Pauses like a person between fields, and proves the page refreshed at least twice meanwhile. */
  async function pauseThroughRefreshes(requests: Request[], refresh: (request: Request) => boolean) {
    const before = requests.filter(refresh).length;
    await sleep(PAUSE_MS);
    expect(requests.filter(refresh).length - before).toBeGreaterThanOrEqual(2);
  }

  it('keeps what a person chose in the New card dialog through refreshes, and creates that card', async () => {
    const account = await sandbox.newAccount();
    await account.client.cards.create({ type: 'VIRTUAL', memo: 'Already there' });
    const page = await open(account, '#/cards');
    const requests = apiRequests(page);
    const refresh = isRead('/v1/cards');
    await page.getByRole('link', { name: /Already there/ }).waitFor();

    await page.getByRole('button', { name: 'New card' }).click();
    const dialog = page.getByRole('dialog', { name: 'New card' });
    await dialog.getByRole('radio', { name: /Merchant-locked/ }).check();
    await pauseThroughRefreshes(requests, refresh);
    await dialog.getByLabel('Memo').pressSequentially('Streaming', { delay: 30 });
    await pauseThroughRefreshes(requests, refresh);
    await dialog.getByLabel('Spend limit (USD)').pressSequentially('20', { delay: 30 });
    await pauseThroughRefreshes(requests, refresh);
    await dialog.getByLabel('Limit period').selectOption('MONTHLY');
    await pauseThroughRefreshes(requests, refresh);
    await dialog.getByRole('radio', { name: 'Paused' }).check();
    await pauseThroughRefreshes(requests, refresh);

    expect(await dialog.getByRole('radio', { name: /Merchant-locked/ }).isChecked()).toBe(true);
    expect(await dialog.getByLabel('Spend limit (USD)').inputValue()).toBe('20');
    expect(await dialog.getByLabel('Limit period').inputValue()).toBe('MONTHLY');
    await screenshot(page, 'new-card-after-refreshes-laptop');
    await dialog.getByRole('button', { name: 'Create card' }).click();
    await page.getByRole('heading', { name: 'Streaming', level: 1 }).waitFor();

    const created = (await account.client.cards.list()).data.find((card) => card.memo === 'Streaming');
    expect(created).toMatchObject({
      type: 'MERCHANT_LOCKED',
      spend_limit: 2000,
      spend_limit_duration: 'MONTHLY',
      state: 'PAUSED',
    });

    // Opened again, the dialog starts from its defaults, not from the last card.
    await page.getByRole('link', { name: '← All cards' }).click();
    await page.getByRole('button', { name: 'New card' }).click();
    expect(await dialog.getByRole('radio', { name: /Single-use/ }).isChecked()).toBe(true);
    expect(await dialog.getByLabel('Memo').inputValue()).toBe('');
    await page.context().close();
  });

  it('keeps the Edit card form through refreshes of the card, and saves what was typed', async () => {
    const account = await sandbox.newAccount();
    const card = await account.client.cards.create({ type: 'VIRTUAL', memo: 'Groceries' });
    const page = await open(account, `#/cards/${card.token}`);
    const requests = apiRequests(page);
    const refresh = isRead(`/v1/cards/${card.token}`);
    await page.getByRole('heading', { name: 'Groceries', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit card' });
    await dialog.getByLabel('Memo').fill('Weekly groceries');
    await pauseThroughRefreshes(requests, refresh);
    await dialog.getByLabel('Spend limit (USD)').fill('75.25');
    await pauseThroughRefreshes(requests, refresh);
    await dialog.getByLabel('Limit period').selectOption('ANNUALLY');
    await pauseThroughRefreshes(requests, refresh);
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'Weekly groceries', level: 1 }).waitFor();

    expect(await account.client.cards.retrieve(card.token)).toMatchObject({
      memo: 'Weekly groceries',
      spend_limit: 7525,
      spend_limit_duration: 'ANNUALLY',
    });
    await page.context().close();
  });

  it('keeps the charge form through refreshes of the card and its transactions, and charges that', async () => {
    const account = await sandbox.newAccount();
    const card = await account.client.cards.create({ type: 'VIRTUAL', memo: 'Online' });
    const page = await open(account, `#/cards/${card.token}`);
    const requests = apiRequests(page);
    const refresh = isRead('/v1/transactions');
    await page.getByRole('heading', { name: 'Online', level: 1 }).waitFor();

    await page.getByLabel('Merchant', { exact: true }).fill('BOOK STORE');
    await pauseThroughRefreshes(requests, refresh);
    await page.getByLabel('Amount (USD)').fill('18.40');
    await page.getByLabel('MCC').fill('5942');
    await pauseThroughRefreshes(requests, refresh);
    await page.getByText('Card-not-present checks').click();
    await page.getByRole('button', { name: 'Use this card’s details' }).click();
    await pauseThroughRefreshes(requests, refresh);
    expect(await page.getByLabel('CVV').inputValue()).toBe(card.cvv);
    await page.getByRole('button', { name: 'Simulate charge' }).click();
    await page
      .getByRole('status', { name: 'Charge result' })
      .getByText('Approved', { exact: true })
      .waitFor();

    const [charged] = (await account.client.transactions.list({ card_token: card.token })).data;
    expect(charged).toMatchObject({
      amount: 1840,
      merchant: expect.objectContaining({ descriptor: 'BOOK STORE', mcc: '5942' }),
      result: 'APPROVED',
    });
    await page.context().close();
  });

  it('keeps the New subscription form and the example type through refreshes, and uses them', async () => {
    const account = await sandbox.newAccount();
    const receiver = await Receiver.start();
    try {
      const page = await open(account, '#/webhooks');
      const requests = apiRequests(page);
      const refresh = isRead('/v1/events');
      await page.getByRole('heading', { name: 'No subscriptions yet' }).waitFor();

      await page.getByRole('button', { name: 'New subscription' }).click();
      const dialog = page.getByRole('dialog', { name: 'New subscription' });
      await dialog.getByLabel('URL').fill(receiver.url);
      await pauseThroughRefreshes(requests, refresh);
      await dialog.getByLabel('Description').fill('Slow typist');
      await pauseThroughRefreshes(requests, refresh);
      await dialog.getByRole('checkbox', { name: /^card\.updated/ }).check();
      await pauseThroughRefreshes(requests, refresh);
      await dialog.getByRole('button', { name: 'Add subscription' }).click();
      await dialog.waitFor({ state: 'hidden' });

      const [subscription] = (await account.client.events.subscriptions.list()).data;
      expect(subscription).toMatchObject({
        url: receiver.url,
        description: 'Slow typist',
        event_types: ['card.updated'],
      });

      const article = page.getByRole('article', { name: receiver.url });
      await article.getByLabel('Example event type').selectOption('card_transaction.updated');
      await pauseThroughRefreshes(requests, refresh);
      await article.getByRole('button', { name: 'Send example' }).click();
      await page.getByText('Example card_transaction.updated sent').waitFor();
      const [example] = (await account.client.events.list()).data;
      expect(example.event_type).toBe('card_transaction.updated');
      await page.context().close();
    } finally {
      await receiver.stop();
    }
  });

  it('refreshes the cards page with one request to the API, marked as the dashboard’s', async () => {
    const account = await sandbox.newAccount();
    for (const memo of ['One', 'Two', 'Three', 'Four']) {
      await account.client.cards.create({ type: 'VIRTUAL', memo, spend_limit: 1000 });
    }
    const page = await open(account, '#/cards');
    await page.getByRole('link', { name: /Four/ }).waitFor();
    const requests = apiRequests(page);
    await sleep(POLL_MS * 8);

    const refreshes = requests.length;
    expect(refreshes).toBeGreaterThanOrEqual(4);
    // Each refresh is one page of the list: nothing per card.
    expect(new Set(requests.map((r) => `${r.method()} ${new URL(r.url()).pathname}`))).toEqual(
      new Set(['GET /v1/cards']),
    );
    expect(refreshes).toBeLessThanOrEqual(9);
    for (const request of requests) expect(request.headers()['x-sandbox-client']).toBe('dashboard');
    // What the list itself says about spend: each card's limit.
    await page.getByRole('row', { name: /Four/ }).getByText('$10.00 per transaction').waitFor();
    await page.context().close();
  });
});
