import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  LAPTOP,
  launchChromium,
  openDashboard,
  PHONE,
  screenshot,
  withChromium,
} from './support/dashboard.js';
import { failure } from './support/http.js';
import { SLOW_MS, type TestAccount, useSandbox } from './support/sandbox.js';
import { Receiver } from './support/webhooks.js';

// The page-side callbacks' globals (the test project has no DOM types).
interface TextNode {
  nodeType: number;
  childNodes: ArrayLike<TextNode>;
}
declare const document: {
  createRange(): {
    selectNodeContents(node: TextNode): void;
    getClientRects(): ArrayLike<{ top: number; left: number }>;
  };
};

/** Where the text of an element is drawn: one box per line of each of its text nodes. */
function textBoxes(locator: Locator): Promise<{ top: number; left: number }[]> {
  return locator.evaluate((element) => {
    const boxes: { top: number; left: number }[] = [];
    const visit = (node: TextNode): void => {
      if (node.nodeType === 3) {
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const rect of Array.from(range.getClientRects()))
          boxes.push({ top: Math.round(rect.top), left: Math.round(rect.left) });
      }
      Array.from(node.childNodes).forEach(visit);
    };
    visit(element as unknown as TextNode);
    return boxes;
  });
}

/** How many lines a piece of text takes on screen. */
async function lines(locator: Locator): Promise<number> {
  return new Set((await textBoxes(locator)).map((box) => box.top)).size;
}

/** Where a piece of text starts on the left. */
async function textLeft(locator: Locator): Promise<number> {
  return Math.min(...(await textBoxes(locator)).map((box) => box.left));
}

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error(`${locator} is not on screen`);
  return found;
}

const VIEWPORTS = [
  ['laptop', LAPTOP],
  ['phone', PHONE],
] as const;

withChromium.describe('the dashboard’s layout at 1280 and 390 pixels wide', () => {
  const sandbox = useSandbox();
  let browser: Browser;
  let receiver: Receiver;
  let account: TestAccount;
  let cardToken: string;
  let lastFour: string;

  beforeAll(async () => {
    browser = await launchChromium();
    receiver = await Receiver.start();
    // An account with what each page shows: cards with long memos, approvals and a decline with a
    // long explanation, a subscription and its deliveries.
    account = await sandbox.newAccount();
    const { client } = account;
    const card = await client.cards.create({
      type: 'MERCHANT_LOCKED',
      memo: 'Quarterly software subscriptions',
      spend_limit: 2500,
      spend_limit_duration: 'MONTHLY',
    });
    cardToken = card.token;
    lastFour = card.last_four;
    await client.cards.create({ type: 'SINGLE_USE', memo: 'Team lunch', state: 'PAUSED' });
    await client.transactions.simulateAuthorization({
      amount: 1999,
      descriptor: 'INTERNATIONAL SOFTWARE CO',
      mcc: '5734',
      pan: card.pan!,
    });
    // Declined (the card is locked to the first merchant): the SDK throws Lithic's 422.
    await failure(
      client.transactions.simulateAuthorization({ amount: 500, descriptor: 'OTHER SHOP', pan: card.pan! }),
    );
  }, SLOW_MS);

  afterAll(async () => {
    await receiver?.stop();
    await browser?.close();
  }, SLOW_MS);

  it('reads the webhooks empty state with its spaces', async () => {
    const empty = await sandbox.newAccount();
    const page = await openDashboard(browser, sandbox, empty, { hash: '#/webhooks' });
    const panel = page.locator('.empty').filter({ hasText: 'No subscriptions yet' });
    await panel.waitFor();
    expect((await panel.textContent())!.replace(/\s+/g, ' ')).toContain(
      'Add a URL to receive events such as card.created and card_transaction.updated, signed with its own secret.',
    );
    await screenshot(page, 'layout-webhooks-empty-laptop');
    await page.context().close();
  });

  it.each(VIEWPORTS)('lines up the New card dialog on a %s', async (name, viewport) => {
    const page = await openDashboard(browser, sandbox, account, { viewport });
    await page.getByRole('button', { name: 'New card' }).click();
    const dialog = page.getByRole('dialog', { name: 'New card' });
    const single = dialog.getByRole('radio', { name: /Single-use/ });
    await single.waitFor();

    // The radio keeps its round shape (its focus ring is the choice's), not a stretched oval.
    const radio = await box(single);
    expect(Math.abs(radio.width - radio.height)).toBeLessThanOrEqual(1);
    expect(await single.evaluate((e) => e === e.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    const choice = dialog.locator('.choice').filter({ has: page.getByRole('radio', { name: /Single-use/ }) });
    expect(await choice.evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).outlineStyle)).toBe(
      'solid',
    );

    // The limit and its period: the same height, and side by side on a laptop at the same top.
    const limit = await box(dialog.getByLabel('Spend limit (USD)'));
    const period = await box(dialog.getByLabel('Limit period'));
    expect(period.height).toBe(limit.height);
    if (name === 'laptop') expect(period.y).toBe(limit.y);
    await screenshot(page, `layout-new-card-${name}`);
    await page.context().close();
  });

  it.each(VIEWPORTS)(
    'keeps the last four on one line, under the card name, on a %s',
    async (name, viewport) => {
      const page = await openDashboard(browser, sandbox, account, { viewport });
      const link = page.getByRole('link', { name: /Quarterly software subscriptions/ });
      await link.waitFor();
      const memo = link.getByText('Quarterly software subscriptions');
      const four = link.getByText(`•••• ${lastFour}`);
      expect(await lines(four)).toBe(1);
      // Both start at the same left edge, the name above the number.
      expect(await textLeft(four)).toBe(await textLeft(memo));
      await screenshot(page, `layout-cards-${name}`);

      await page.goto(`/#/transactions`);
      const row = page.getByRole('row', { name: /OTHER SHOP/ });
      await row.getByText('UNAUTHORIZED_MERCHANT').waitFor();
      expect(await lines(row.getByRole('link', { name: `•••• ${lastFour}` }))).toBe(1);
      // Every column fits in the panel: none is cut off (nor needs a scroll) on a laptop.
      const table = page.getByRole('table', { name: 'Transactions, newest first' });
      if (name === 'laptop')
        expect((await box(table)).width).toBeLessThanOrEqual((await box(page.locator('.table-panel'))).width);
      await screenshot(page, `layout-transactions-${name}`, true);
      await page.context().close();
    },
  );

  it.each(VIEWPORTS)(
    'shows the expiry on the card face, the number still masked, on a %s',
    async (name, viewport) => {
      const page = await openDashboard(browser, sandbox, account, { hash: `#/cards/${cardToken}`, viewport });
      const card = await account.client.cards.retrieve(cardToken);
      const face = page.getByRole('figure', { name: `Card •••• ${lastFour}` });
      await face.getByText(`${card.exp_month}/${card.exp_year!.slice(-2)}`, { exact: true }).waitFor();
      await face.getByText(`•••• •••• •••• ${lastFour}`).waitFor();
      expect(await face.textContent()).not.toContain(card.pan!.slice(0, 6));
      expect(await lines(face.getByText('Card Sandbox'))).toBe(1);
      expect(await lines(face.getByText('Merchant-locked'))).toBe(1);
      expect(await lines(page.locator('.head-meta').getByText(`•••• ${lastFour}`))).toBe(1);
      await screenshot(page, `layout-card-${name}`, true);
      await page.context().close();
    },
  );

  it.each(VIEWPORTS)('shows the webhooks page with an example on a %s', async (name, viewport) => {
    const { client } = account;
    if ((await client.events.subscriptions.list()).data.length === 0) {
      const subscription = await client.events.subscriptions.create({
        url: receiver.url,
        description: 'Layout receiver',
      });
      await client.events.subscriptions.sendSimulatedExample(subscription.token, {
        event_type: 'card_transaction.updated',
      });
    }
    const page: Page = await openDashboard(browser, sandbox, account, { hash: '#/webhooks', viewport });
    const events = page.getByRole('table', { name: 'Recent events, newest first' });
    await events.getByText('Example', { exact: true }).waitFor();
    await events
      .getByRole('button', { name: /Details of card_transaction\.updated/ })
      .first()
      .click();
    await page.getByRole('region', { name: 'Delivery attempts' }).waitFor();
    // The example type and its button, side by side, the same height.
    const article = page.getByRole('article', { name: receiver.url });
    const select = await box(article.getByLabel('Example event type'));
    const send = await box(article.getByRole('button', { name: 'Send example' }));
    expect(Math.abs(select.height - send.height)).toBeLessThanOrEqual(1);
    await screenshot(page, `layout-webhooks-${name}`, true);
    await page.context().close();
  });
});
