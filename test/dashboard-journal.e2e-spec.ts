import { existsSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { SLOW_MS, type TestAccount, useSandbox } from './support/sandbox.js';
import { whenAvailable } from './support/requirements.js';

// As in dashboard.e2e-spec.ts: Debian's Chromium driven by playwright-core.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'];
const SCREENSHOTS = process.env.SCREENSHOTS_DIR ?? 'test-results/screenshots';
const KEY_STORAGE = 'card-sandbox.api-key';
declare const document: {
  querySelectorAll(selector: string): { length: number; [index: number]: { textContent: string | null } };
};
declare const sessionStorage: {
  getItem(name: string): string | null;
  setItem(name: string, value: string): void;
};

const withChromium = whenAvailable(
  `Chromium (${CHROMIUM})`,
  existsSync(CHROMIUM),
  'Install it with `apt-get install -y chromium`, or point CHROMIUM_PATH at a Chromium binary.',
);

withChromium.describe("the dashboard's API log", () => {
  const sandbox = useSandbox();
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, SLOW_MS);
  afterAll(async () => {
    await browser?.close();
  }, SLOW_MS);

  async function openApiLog(account: TestAccount): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      baseURL: sandbox.url,
    });
    await context.addInitScript(
      ([name, key]) => sessionStorage.setItem(name, key),
      [KEY_STORAGE, account.apiKey],
    );
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto('/#/api-log');
    return page;
  }

  it(
    "lists the SDK's requests with method, path and status, and shows their bodies masked",
    async () => {
      const account = await sandbox.newAccount();
      const card = await account.client.cards.create({ type: 'VIRTUAL', memo: 'seen in the log' });
      await account.client.cards.update(card.token, { state: 'PAUSED' });
      const page = await openApiLog(account);

      // The shell checks the key before it shows a page: wait for the page, then look.
      await page.getByRole('heading', { name: 'API log' }).waitFor();
      const rows = page.locator('tr.log-row');
      await rows.nth(1).waitFor();
      expect(await rows.count()).toBe(2);
      const cells = async (index: number) =>
        (await rows.nth(index).locator('td').allInnerTexts()).slice(1, 4).map((text) => text.trim());
      expect(await cells(0)).toEqual(['PATCH', `/v1/cards/${card.token}`, '200']);
      expect((await cells(1)).slice(0, 2)).toEqual(['POST', '/v1/cards']);

      await page.getByRole('button', { name: 'Bodies of POST /v1/cards' }).click();
      const request = page.getByLabel('Request body of POST /v1/cards');
      const response = page.getByLabel('Response body of POST /v1/cards');
      expect(JSON.parse(await request.innerText())).toEqual({ type: 'VIRTUAL', memo: 'seen in the log' });
      const shown = JSON.parse(await response.innerText());
      expect(shown).toMatchObject({ token: card.token, pan: `************${card.last_four}`, cvv: '***' });
      expect(await page.locator('main').innerText()).not.toContain(card.pan);
      await page.screenshot({ path: `${SCREENSHOTS}/api-log-laptop.png`, animations: 'disabled' });

      // The dashboard's own reads (it polls) stay out of the log; its changes do not.
      await page.getByRole('link', { name: 'Cards' }).click();
      await page.getByText('seen in the log').first().waitFor();
      await page.getByRole('link', { name: 'API log' }).click();
      await rows.first().waitFor();
      expect(await rows.count()).toBe(2);
    },
    SLOW_MS,
  );

  it(
    'filters by method, path and status',
    async () => {
      const account = await sandbox.newAccount();
      const card = await account.client.cards.create({ type: 'VIRTUAL' });
      await account.client.cards.list();
      await account.client.cards.retrieve('00000000-0000-4000-8000-000000000000').catch(() => undefined);
      const page = await openApiLog(account);
      const rows = page.locator('tr.log-row');
      await rows.nth(2).waitFor();

      await page.getByLabel('Method').selectOption('POST');
      await page.getByRole('button', { name: 'Filter' }).click();
      await page.waitForFunction(() => document.querySelectorAll('tr.log-row').length === 1);
      expect(await rows.first().innerText()).toContain('/v1/cards');

      await page.getByLabel('Method').selectOption('');
      await page.getByLabel('Status').fill('404');
      await page.getByRole('button', { name: 'Filter' }).click();
      // The POST filter's one row is still there until the new answer lands: wait for the 404's path.
      await page.waitForFunction(() => {
        const shown = document.querySelectorAll('tr.log-row');
        return shown.length === 1 && shown[0].textContent!.includes('/v1/cards/00000000-');
      });
      expect(await rows.first().innerText()).toContain('404');
      expect(await rows.first().innerText()).not.toContain(card.token);
    },
    SLOW_MS,
  );
});
