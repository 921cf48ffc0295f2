import { expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { useChromium, openDashboard, screenshot, withChromium } from './support/dashboard.js';
import { type TestAccount, useSandbox } from './support/sandbox.js';

const POLL_MS = 300;

withChromium.describe('the dashboard’s auth rules and 3-D Secure', () => {
  const sandbox = useSandbox();
  const browser = useChromium();

  const open = (account: TestAccount, hash: string) =>
    openDashboard(browser(), sandbox, account, { hash, pollMs: POLL_MS });

  async function charge(page: Page, merchant: string, amount: string, mcc: string) {
    await page.getByLabel('Merchant', { exact: true }).fill(merchant);
    await page.getByLabel('Amount (USD)').fill(amount);
    await page.getByLabel('MCC').fill(mcc);
    await page.getByRole('button', { name: 'Simulate charge' }).click();
  }

  it('creates a rule from the form, sees it decline a charge on the card, and sees its result', async () => {
    const account = await sandbox.newAccount();
    const card = await account.client.cards.create({ type: 'VIRTUAL', memo: 'Ruled card' });
    const page = await open(account, '#/rules');
    await page.getByText('No rules yet.').waitFor();

    await page.getByRole('button', { name: 'New rule' }).click();
    const dialog = page.getByRole('dialog', { name: 'New auth rule' });
    await dialog.getByRole('radio', { name: /CONDITIONAL_BLOCK/ }).check();
    await dialog.getByLabel('Name').fill('No casinos');
    await dialog.getByLabel('Attribute').selectOption('MCC');
    await dialog.getByLabel('Operation').selectOption('IS_ONE_OF');
    await dialog.getByLabel(/Values/).fill('7995, 7801');
    await screenshot(page, 'rules-new-rule');
    await dialog.getByRole('button', { name: 'Create rule' }).click();

    await page.getByRole('heading', { name: 'No casinos' }).waitFor();
    await page.getByText('v1 active').first().waitFor();
    const [rule] = (await account.client.authRules.v2.list()).data;
    expect(rule).toMatchObject({
      name: 'No casinos',
      program_level: true,
      current_version: {
        version: 1,
        parameters: { conditions: [{ attribute: 'MCC', operation: 'IS_ONE_OF', value: ['7995', '7801'] }] },
      },
    });

    await page.goto(`${sandbox.url}/?poll_ms=${POLL_MS}#/cards/${card.token}`);
    await charge(page, 'LUCKY CASINO', '20.00', '7995');
    const result = page.getByRole('status', { name: 'Charge result' });
    await result.getByText('Declined', { exact: true }).waitFor();
    await result.getByText(/No casinos/).waitFor();
    await page
      .getByRole('button', { name: /Events \(1\)/ })
      .first()
      .click();
    await page.getByRole('link', { name: 'Auth rule No casinos' }).waitFor();
    await page.getByText('Rules run:').waitFor();
    await screenshot(page, 'rules-declined-charge');

    await page.getByRole('link', { name: 'Auth rule No casinos' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    const results = page.getByRole('table', { name: /Evaluations of this rule/ });
    await results.getByText('DECLINE AUTH_RULE_BLOCKED_MCC').waitFor();

    // A draft runs in shadow: the restaurant is approved, and the draft's DECLINE shows as shadow.
    await account.client.authRules.v2.draft(rule.token, {
      parameters: { conditions: [{ attribute: 'MCC', operation: 'IS_ONE_OF', value: ['5812'] }] },
    });
    await page.goto(`${sandbox.url}/?poll_ms=${POLL_MS}#/cards/${card.token}`);
    await charge(page, 'CORNER CAFE', '5.00', '5812');
    await page
      .getByRole('status', { name: 'Charge result' })
      .getByText('Approved', { exact: true })
      .waitFor();
    await page.goto(`${sandbox.url}/?poll_ms=${POLL_MS}#/rules/${rule.token}`);
    const shadowRow = page
      .getByRole('table', { name: /Evaluations of this rule/ })
      .getByRole('row')
      .filter({ hasText: 'shadow' });
    await shadowRow.getByText('DECLINE AUTH_RULE_BLOCKED_MCC').waitFor();
    await page.context().close();
  });

  it('drafts a new version, promotes it, and deactivates the rule', async () => {
    const account = await sandbox.newAccount();
    const rule = await account.client.authRules.v2.create({
      type: 'VELOCITY_LIMIT',
      name: 'Three a day',
      parameters: { scope: 'CARD', period: { type: 'DAY' }, limit_count: 3 },
    });
    const page = await open(account, `#/rules/${rule.token}`);
    await page.getByText('no active version').waitFor();
    await page.getByRole('button', { name: 'Promote v1' }).click();
    await page.getByText('v1 active').first().waitFor();

    await page.getByRole('button', { name: 'New draft' }).click();
    await page
      .getByLabel(/Parameters of the new draft/)
      .fill(JSON.stringify({ scope: 'CARD', period: { type: 'DAY' }, limit_count: 5 }));
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('button', { name: 'Promote v2' }).click();
    await page.getByText('v2 active').first().waitFor();
    expect((await account.client.authRules.v2.retrieve(rule.token)).current_version?.parameters).toEqual({
      scope: 'CARD',
      period: { type: 'DAY' },
      limit_count: 5,
    });
    await page.getByRole('button', { name: 'Deactivate' }).click();
    // v1's badge already reads Inactive once v2 is promoted: wait for the rule's own badge.
    await page.locator('.head-meta').getByText('Inactive', { exact: true }).waitFor();
    expect((await account.client.authRules.v2.retrieve(rule.token)).state).toBe('INACTIVE');
    await page.context().close();
  });

  it('refuses, in words, a rule the API refuses', async () => {
    const account = await sandbox.newAccount();
    const page = await open(account, '#/rules');
    await page.getByRole('button', { name: 'New rule' }).click();
    const dialog = page.getByRole('dialog', { name: 'New auth rule' });
    await dialog.getByLabel('Attribute').selectOption('DESCRIPTOR');
    await dialog.getByLabel('Operation').selectOption('MATCHES');
    await dialog.getByLabel(/Values/).fill('(');
    await dialog.getByRole('button', { name: 'Create rule' }).click();
    await dialog
      .getByRole('alert')
      .getByText(/not a valid regular expression/)
      .waitFor();
    await page.context().close();
  });

  it('simulates a 3DS authentication on the card page and completes its challenge with the code', async () => {
    const account = await sandbox.newAccount();
    const card = await account.client.cards.create({ type: 'VIRTUAL', memo: '3DS card' });
    const page = await open(account, `#/cards/${card.token}`);
    const panel = page.getByRole('region', { name: '3-D Secure' });
    await panel.getByLabel('Merchant name').fill('CHALLENGE SHOP');
    await panel.getByLabel('Purchase total (USD)').fill('45.00');
    await panel.getByRole('button', { name: 'Simulate authentication' }).click();
    const result = page.getByRole('status', { name: '3DS result' });
    await result.getByText(/Challenged/).waitFor();
    await result.getByLabel(/One-time code/).fill('123456');
    await screenshot(page, 'three-ds-challenge');
    await result.getByRole('button', { name: 'Enter code' }).click();
    await result.getByText('Authenticated').waitFor();

    await panel.getByLabel('Merchant name').fill('BOOK SHOP');
    await panel.getByRole('button', { name: 'Simulate authentication' }).click();
    // The first result already reads Authenticated: wait for this one's, which names its merchant.
    await result.getByText(/at BOOK SHOP/).waitFor();
    expect(await result.locator('.outcome-title').textContent()).toBe('Authenticated');
    await account.client.cards.update(card.token, { state: 'PAUSED' });
    await panel.getByLabel('Merchant name').fill('PAUSED SHOP');
    await panel.getByRole('button', { name: 'Simulate authentication' }).click();
    await result.getByText(/at PAUSED SHOP/).waitFor();
    expect(await result.locator('.outcome-title').textContent()).toBe('Declined');
    await page.context().close();
  });
});
