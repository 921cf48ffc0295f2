import { expect, it } from '@jest/globals';
import { EXAMPLE_CARD_TOKEN } from '../apps/issuer/src/webhooks/webhook-examples.js';
import { useChromium, openDashboard, screenshot, withChromium } from './support/dashboard.js';
import { useSandbox } from './support/sandbox.js';
import { eventually, Receiver } from './support/webhooks.js';

withChromium.describe('webhook examples in the dashboard', () => {
  const sandbox = useSandbox();
  const browser = useChromium();

  it('sends an example about the example card, never a real one, and marks it as an example', async () => {
    const account = await sandbox.newAccount();
    const { client } = account;
    const receiver = await Receiver.start();
    try {
      const real = await client.cards.create({ type: 'MERCHANT_LOCKED', memo: 'Real card' });
      await client.events.subscriptions.create({ url: receiver.url, event_types: ['card.created'] });
      const page = await openDashboard(browser(), sandbox, account, { hash: '#/webhooks', pollMs: 500 });
      const subscription = page.getByRole('article', { name: receiver.url });
      await subscription.getByRole('button', { name: 'Send example' }).click();
      await page.getByText('Example card.created sent').waitFor();

      // Through the API: the account's card.created events, the example about the example card.
      const [example, created] = (await client.events.list({ event_types: ['card.created'] })).data;
      expect(created.payload).toMatchObject({ token: real.token, card_token: real.token });
      expect(example.payload).toMatchObject({
        token: EXAMPLE_CARD_TOKEN,
        card_token: EXAMPLE_CARD_TOKEN,
        memo: 'Example card',
      });
      const delivered = await eventually('the example delivery', () => receiver.deliveries[0]);
      expect(delivered.id).toBe(example.token);
      expect(delivered.json).toMatchObject({ event_type: 'card.created', card_token: EXAMPLE_CARD_TOKEN });

      // In the list: the example has its badge, the real card's event has none.
      const events = page.getByRole('table', { name: 'Recent events, newest first' });
      const exampleRow = events.getByRole('row', { name: /Example card/ });
      const realRow = events.getByRole('row', { name: new RegExp(`${real.last_four} · Merchant-locked`) });
      await exampleRow.getByText('Example', { exact: true }).waitFor();
      await realRow.waitFor();
      expect(await realRow.getByText('Example', { exact: true }).count()).toBe(0);

      // And in its details, with what it is about.
      await exampleRow.getByRole('button', { name: /Details of card\.created/ }).click();
      const payload = page.getByRole('region', { name: 'Payload' });
      await payload.getByText('Example', { exact: true }).waitFor();
      expect((await payload.textContent())!.replace(/\s+/g, ' ')).toContain(
        `about the sandbox’s example card (${EXAMPLE_CARD_TOKEN}), not one of this account’s cards`,
      );
      await screenshot(page, 'webhooks-example-laptop', true);
      await page.context().close();
    } finally {
      await receiver.stop();
    }
  });
});
