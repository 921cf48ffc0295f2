/**
 * Privacy.com's API as a person sees it: the dashboard labels the cards and charges that came
 * through it and sets the Privacy webhook URL; Privacy's embedded card page renders in Chromium.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, expect } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { launchChromium, openDashboard, screenshot, SCREENSHOTS, withChromium } from './support/dashboard.js';
import { raw } from './support/http.js';
import { SLOW_MS, testDatabase, useSandbox, type TestAccount } from './support/sandbox.js';
import { eventually, Receiver } from './support/webhooks.js';

interface PrivacyCard {
  token: string;
  pan: string;
  cvv: string;
  exp_month: string;
  exp_year: string;
}

withChromium.describe(`Privacy.com's API in the browser on the ${testDatabase()} database`, () => {
  const sandbox = useSandbox();
  let browser: Browser;
  let receiver: Receiver;
  beforeAll(async () => {
    browser = await launchChromium();
    receiver = await Receiver.start();
  }, SLOW_MS);
  afterAll(async () => {
    await browser?.close();
    await receiver?.stop();
  }, SLOW_MS);

  const privacy = (account: TestAccount, method: string, path: string, body?: unknown) =>
    raw(sandbox.url, path, { method, body, authorization: `api-key ${account.apiKey}` });

  /** Privacy's embed URL as its clients build it: base64 JSON request, HMAC of that JSON keyed by the API key. */
  function embedUrl(apiKey: string, request: Record<string, unknown>, tamper = false): string {
    const json = JSON.stringify(request);
    const hmac = createHmac('sha256', apiKey)
      .update(tamper ? json.replace('}', ' }') : json)
      .digest('base64');
    const query = new URLSearchParams({ embed_request: Buffer.from(json).toString('base64'), hmac });
    return `${sandbox.url}/v1/embed/card?${query}`;
  }

  withChromium.it(
    'labels each card and charge with the API it came through',
    async () => {
      const account = await sandbox.newAccount();
      const viaPrivacy = (
        await privacy(account, 'POST', '/v1/card', { type: 'UNLOCKED', memo: 'Made by Privacy' })
      ).body as PrivacyCard;
      await account.client.cards.create({ type: 'UNLOCKED', memo: 'Made by Lithic' });
      await privacy(account, 'POST', '/v1/simulate/authorize', {
        descriptor: 'PRIVACY SHOP',
        pan: viaPrivacy.pan,
        amount: 100,
      });
      await account.client.transactions.simulateAuthorization({
        descriptor: 'LITHIC SHOP',
        pan: viaPrivacy.pan,
        amount: 200,
      });

      const page = await openDashboard(browser, sandbox, account, { hash: '#/cards' });
      const row = (memo: string) => page.getByRole('row').filter({ hasText: memo });
      await row('Made by Privacy').getByText('Privacy API').waitFor();
      await expect(row('Made by Privacy').getByText('Lithic API').count()).resolves.toBe(0);
      await row('Made by Lithic').getByText('Lithic API').waitFor();
      await screenshot(page, 'privacy-cards');

      await page.goto(`${sandbox.url}/#/cards/${viaPrivacy.token}`);
      await page.locator('.head-meta').getByText('Privacy API').waitFor();
      await row('PRIVACY SHOP').getByText('Privacy API').waitFor();
      await row('LITHIC SHOP').getByText('Lithic API').waitFor();
      await page.context().close();
    },
    SLOW_MS,
  );

  withChromium.it(
    'sets the Privacy webhook URL from the Webhooks page, and charges are then delivered there',
    async () => {
      const account = await sandbox.newAccount();
      const page = await openDashboard(browser, sandbox, account, { hash: '#/webhooks' });
      await page.getByLabel('Privacy webhook URL').fill(receiver.url);
      await page.getByRole('button', { name: 'Set URL' }).click();
      await page.getByRole('button', { name: 'Stop sending' }).waitFor();
      expect((await privacy(account, 'GET', '/sandbox/privacy/webhook')).body).toEqual({ url: receiver.url });
      await page.context().close();

      const card = (await privacy(account, 'POST', '/v1/card', { type: 'SINGLE_USE' })).body as PrivacyCard;
      const charged = await privacy(account, 'POST', '/v1/simulate/authorize', {
        descriptor: 'HOOK',
        pan: card.pan,
        amount: 5,
      });
      const token = (charged.body as { token: string }).token;
      const delivery = await eventually('the Privacy webhook', () =>
        receiver.deliveries.find((d) => d.body.includes(token)),
      );
      expect(delivery.headers['x-privacy-hmac']).toEqual(expect.any(String));
    },
    SLOW_MS,
  );

  withChromium.it(
    "renders Privacy's embedded card for an HMAC keyed by the API key, and refuses a tampered or expired one",
    async () => {
      const account = await sandbox.newAccount();
      const card = (await privacy(account, 'POST', '/v1/card', { type: 'SINGLE_USE' })).body as PrivacyCard;
      const expiration = new Date(Date.now() + 60_000).toISOString();
      const request = { css: `${sandbox.url}/dashboard/styles.css`, expiration, token: card.token };

      const page = await browser.newPage({ viewport: { width: 420, height: 260 } });
      try {
        const response = await page.goto(embedUrl(account.apiKey, request));
        expect(response?.status()).toBe(200);
        await expect(page.locator('#pan').textContent()).resolves.toBe(card.pan);
        await expect(page.locator('#cvv').textContent()).resolves.toBe(card.cvv);
        await expect(page.textContent('body')).resolves.toContain(card.exp_month);
        await screenshot(page, 'privacy-embed');
        const png = await page.locator('#pan').screenshot();
        // A PNG of the rendered number: the digits drew something, not an empty box.
        expect(png.subarray(1, 4).toString()).toBe('PNG');
        expect(png.length).toBeGreaterThan(500);
      } finally {
        await page.close();
      }
      expect(SCREENSHOTS).toBeTruthy();

      // Fetched with the api-key header, as privacy-ts's embed helper does: the same page.
      const withHeader = await raw(sandbox.url, embedUrl(account.apiKey, request).slice(sandbox.url.length), {
        authorization: `api-key ${account.apiKey}`,
      });
      expect(withHeader.status).toBe(200);
      expect(withHeader.text.replace(/<[^>]+>/g, '')).toContain(card.pan);

      const tampered = await raw(
        sandbox.url,
        embedUrl(account.apiKey, request, true).slice(sandbox.url.length),
      );
      expect(tampered.status).toBe(401);
      expect(tampered.text).not.toContain('id="cvv"');
      const otherKey = await raw(sandbox.url, embedUrl('not-the-key', request).slice(sandbox.url.length));
      expect(otherKey.status).toBe(401);
      const expired = await raw(
        sandbox.url,
        embedUrl(account.apiKey, { ...request, expiration: new Date(Date.now() - 1000).toISOString() }).slice(
          sandbox.url.length,
        ),
      );
      expect(expired.status).toBe(400);
      expect(expired.text).not.toContain('id="cvv"');
    },
    SLOW_MS,
  );
});
