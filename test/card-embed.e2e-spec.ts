/**
 * The embedded card page in a real browser, as a front end uses it: an iframe of getEmbedURL on the
 * app's page. The cardholder sees the card; the app's own script cannot read it, only hear which
 * element was clicked; a page at another origin cannot frame it at all.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, withChromium } from './support/dashboard.js';
import { SLOW_MS, startSandbox, testDatabase, type TestSandbox } from './support/sandbox.js';

// The few browser globals the page-side callbacks use (the test project has no DOM types).
declare const document: { querySelector(selector: string): { contentDocument: unknown } | null };
declare const window: { messages: unknown[] };

/** An app's page at its own origin: one iframe of the embed URL, and a listener for its messages. */
async function appServer(): Promise<{ origin: string; serve(iframeUrl: string): void; server: Server }> {
  let page = '';
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const serve = (iframeUrl: string) => {
    page = `<!DOCTYPE html><html><body>
<script>window.messages = []; window.addEventListener('message', (e) => window.messages.push({ origin: e.origin, data: e.data }));</script>
<iframe id="card" src="${iframeUrl.replace(/&/g, '&amp;')}" width="400" height="300"></iframe>
</body></html>`;
  };
  return { origin, serve, server };
}

withChromium.describe(`the embedded card page in Chromium on the ${testDatabase()} database`, () => {
  let sandbox: TestSandbox;
  let browser: Browser;
  let app: Awaited<ReturnType<typeof appServer>>;
  beforeAll(async () => {
    sandbox = await startSandbox();
    browser = await launchChromium();
    app = await appServer();
  }, SLOW_MS);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => app?.server.close(resolve));
    await sandbox?.close();
  }, SLOW_MS);

  async function openApp(iframeUrl: string): Promise<Page> {
    app.serve(iframeUrl);
    const page = await browser.newPage();
    await page.goto(app.origin);
    return page;
  }

  withChromium.it(
    "shows the card in the app's iframe; the app reads none of it, and hears which element was clicked",
    async () => {
      const { client } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL' });
      const page = await openApp(client.cards.getEmbedURL({ token: card.token, target_origin: app.origin }));
      try {
        const frame = page.frameLocator('#card');
        await expect(frame.locator('#pan').textContent()).resolves.toBe(card.pan);
        await expect(frame.locator('#cvv').textContent()).resolves.toBe(card.cvv);
        // The app's own script: the frame is another origin, so its document is closed to it.
        expect(await page.evaluate(() => document.querySelector('#card')!.contentDocument)).toBeNull();
        await frame.locator('#cvv').click();
        await page.waitForFunction(() => window.messages.length > 0);
        expect(await page.evaluate(() => window.messages)).toEqual([
          { origin: new URL(sandbox.url).origin, data: { element: 'cvv' } },
        ]);
      } finally {
        await page.close();
      }
    },
    SLOW_MS,
  );

  withChromium.it(
    'cannot be framed by a page at another origin than the target origin',
    async () => {
      const { client } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL' });
      const url = client.cards.getEmbedURL({ token: card.token, target_origin: 'https://app.example.com' });
      const page = await openApp(url);
      try {
        // The frame's navigation is refused (CSP frame-ancestors): it ends on Chromium's error page.
        await page.waitForLoadState('load');
        const frame = page.frames().find((f) => f !== page.mainFrame())!;
        expect(frame.url()).not.toContain('/v1/embed/card');
        expect(await page.content()).not.toContain(card.pan!);
      } finally {
        await page.close();
      }
    },
    SLOW_MS,
  );
});
