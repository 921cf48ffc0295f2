import { describe, expect, it } from '@jest/globals';
import type Lithic from 'lithic';
import { testDatabase, useSandbox } from './support/sandbox.js';
import { expectWebhookMatchesSpec } from './support/spec.js';

async function allEvents(client: Lithic) {
  const events = [];
  for await (const event of client.events.list({ page_size: 100 })) events.push(event);
  return events.reverse(); // oldest first
}

describe(`the outbox: every change writes its event, on the ${testDatabase()} database`, () => {
  const sandbox = useSandbox();

  const charge = (apiKey: string, pan: string, descriptor = 'EVENT SHOP') =>
    fetch(`${sandbox.url}/v1/simulate/authorize`, {
      method: 'POST',
      headers: { authorization: apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 700, descriptor, pan }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { token: string } }));

  it('writes card.created, then card.updated with previous_fields for a PATCH, each matching the spec', async () => {
    const { client } = await sandbox.newAccount();
    const card = await client.cards.create({ type: 'VIRTUAL', memo: 'before' });
    await client.cards.update(card.token, { memo: 'after', state: 'PAUSED' });
    const events = await allEvents(client);
    expect(events.map((e) => e.event_type)).toEqual(['card.created', 'card.updated']);
    const [created, updated] = events;
    expect(created.payload).toMatchObject({ token: card.token, memo: 'before', state: 'OPEN' });
    expect(updated.payload).toMatchObject({
      card_token: card.token,
      memo: 'after',
      state: 'PAUSED',
      previous_fields: { memo: 'before', state: 'OPEN' },
    });
    for (const event of events)
      expectWebhookMatchesSpec({ ...event.payload, event_type: event.event_type }, event.event_type);
  });

  it('writes no event for a refused change', async () => {
    const { client } = await sandbox.newAccount();
    const card = await client.cards.create({ type: 'VIRTUAL' });
    await client.cards.update(card.token, { state: 'CLOSED' });
    await expect(client.cards.update(card.token, { state: 'OPEN' })).rejects.toMatchObject({ status: 400 });
    expect((await allEvents(client)).map((e) => e.event_type)).toEqual(['card.created', 'card.updated']);
  });

  it('writes card_transaction.updated for each authorization and the single-use close as card.updated', async () => {
    const { client, apiKey } = await sandbox.newAccount();
    const card = await client.cards.create({ type: 'SINGLE_USE' });
    const approved = await charge(apiKey, card.pan!);
    const declined = await charge(apiKey, card.pan!);
    const events = (await allEvents(client)).slice(1);
    expect(events.map((e) => e.event_type)).toEqual([
      'card_transaction.updated',
      'card.updated',
      'card_transaction.updated',
    ]);
    expect(events[0].payload).toMatchObject({
      token: approved.body.token,
      status: 'PENDING',
      result: 'APPROVED',
    });
    expect(events[1].payload).toMatchObject({
      card_token: card.token,
      state: 'CLOSED',
      previous_fields: { state: 'OPEN' },
    });
    expect(events[2].payload).toMatchObject({
      token: declined.body.token,
      status: 'DECLINED',
      result: 'SINGLE_USE_RECHARGED',
    });
    for (const event of events)
      expectWebhookMatchesSpec({ ...event.payload, event_type: event.event_type }, event.event_type);
  });

  it('writes the merchant lock as card.updated with the hostname', async () => {
    const { client, apiKey } = await sandbox.newAccount();
    const card = await client.cards.create({ type: 'MERCHANT_LOCKED' });
    await charge(apiKey, card.pan!, 'Corner  Bakery');
    const lock = (await allEvents(client)).find((e) => e.event_type === 'card.updated');
    expect(lock?.payload).toMatchObject({ hostname: 'CORNER BAKERY', previous_fields: { hostname: '' } });
  });

  it('writes the whole transaction, with every event so far, on clearing', async () => {
    const { client, apiKey } = await sandbox.newAccount();
    const card = await client.cards.create({ type: 'VIRTUAL' });
    const { body } = await charge(apiKey, card.pan!);
    await client.transactions.simulateClearing({ token: body.token });
    const last = (await allEvents(client)).at(-1)!;
    expect(last.event_type).toBe('card_transaction.updated');
    expect(last.payload).toMatchObject({ token: body.token, status: 'SETTLED' });
    expect((last.payload as { events: { type: string }[] }).events.map((e) => e.type)).toEqual([
      'AUTHORIZATION',
      'CLEARING',
    ]);
    expectWebhookMatchesSpec({ ...last.payload, event_type: last.event_type }, last.event_type);
  });

  it('never puts a PAN or CVV in an event', async () => {
    const { client, apiKey } = await sandbox.newAccount();
    const card = await client.cards.create({ type: 'SINGLE_USE' });
    await charge(apiKey, card.pan!);
    await client.cards.update(card.token, { memo: 'x' });
    const text = JSON.stringify(await allEvents(client));
    expect(text).not.toContain(card.pan!);
    expect(text).not.toMatch(/"cvv":/);
    // ("pan" appears only as the POS entry mode, never as a card number field.)
    expect(text.match(/"pan":"[^"]*"/g)?.every((m) => m === '"pan":"ECOMMERCE"') ?? true).toBe(true);
  });
});
