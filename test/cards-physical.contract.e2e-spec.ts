import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import Lithic from 'lithic';
import { pinMatches } from '#persistence';
import { errorBody, failure, raw } from './support/http.js';
import { rowsContaining } from './support/rows.js';
import { SHIPPING_ADDRESS } from './support/spec-fixtures.js';
import { testDatabase, useSandbox } from './support/sandbox.js';
import { expectMatchesSpec, expectWebhookMatchesSpec } from './support/spec.js';

const ADDRESS = { ...SHIPPING_ADDRESS, address2: 'Unit 5A' };

/** An ISO 9564 format-0 PIN block for 1234, as a client sends it: base64 of its bytes. */
const PIN_BLOCK = Buffer.from('041234ffffffffff', 'hex');
const PIN = PIN_BLOCK.toString('base64');

async function allEvents(client: Lithic) {
  const events = [];
  for await (const event of client.events.list({ page_size: 100 })) events.push(event);
  return events.reverse(); // oldest first
}

/** Event types oldest first; events one transaction writes share their time, so they are sorted. */
async function eventTypes(client: Lithic): Promise<string[][]> {
  const byTime = new Map<string, string[]>();
  for (const event of await allEvents(client)) {
    byTime.set(event.created, [...(byTime.get(event.created) ?? []), event.event_type].sort());
  }
  return [...byTime.values()];
}

async function eventOf(client: Lithic, type: string) {
  const events = (await allEvents(client)).filter((e) => e.event_type === type);
  expect(events).toHaveLength(1);
  return events[0];
}

async function expectRefused(promise: PromiseLike<unknown>, path: string, field: RegExp, status = 400) {
  const error = await failure(promise);
  expect((error as { status?: number }).status).toBe(status);
  expectMatchesSpec(errorBody(error), path, 'post', status);
  expect(errorBody(error).message).toMatch(field);
}

describe(`Lithic's card and account properties and physical cards, through the SDK, on the ${testDatabase()} database`, () => {
  const sandbox = useSandbox();

  describe('creating with every request property', () => {
    it('returns, stores and lists every property the Card schema has', async () => {
      const { client } = await sandbox.newAccount();
      const replaced = await client.cards.create({ type: 'PHYSICAL', shipping_address: ADDRESS });
      const params = {
        type: 'PHYSICAL',
        bulk_order_token: randomUUID(),
        carrier: { qr_code_url: 'https://example.com/activate' },
        digital_card_art_token: randomUUID(),
        pin: PIN,
        product_id: '783991122',
        replacement_for: replaced.token,
        replacement_comment: 'lost on the train',
        replacement_substatus: 'LOST',
        shipping_address: { ...ADDRESS, email: 'janet@example.com', phone_number: '+15555555555' },
        shipping_method: 'EXPRESS',
        memo: 'new plastic',
      } satisfies Lithic.CardCreateParams;
      const card = await client.cards.create(params);
      expectMatchesSpec(card, '/v1/cards', 'post');
      expect(card).toMatchObject({
        type: 'PHYSICAL',
        state: 'PENDING_FULFILLMENT',
        bulk_order_token: params.bulk_order_token,
        digital_card_art_token: params.digital_card_art_token,
        product_id: '783991122',
        replacement_for: replaced.token,
        network_program_token: null,
        pin_status: 'OK',
      });
      // Absent until set: the spec's substatus enum has no null, and comment is not nullable.
      expect(card).not.toHaveProperty('substatus');
      expect(card).not.toHaveProperty('comment');
      const read = await client.cards.retrieve(card.token);
      expect(read).toEqual(card);
      const pending = (await client.cards.list({ state: 'PENDING_FULFILLMENT' })).data;
      expect(pending.find((c) => c.token === card.token)).toMatchObject({ product_id: '783991122' });
      const [row] = await sandbox.database.dataSource.query('SELECT fulfilment FROM cards WHERE token = $1', [
        card.token,
      ]);
      expect(row.fulfilment).toEqual({
        carrier: params.carrier,
        shipping_address: params.shipping_address,
        shipping_method: 'EXPRESS',
        replacement_comment: 'lost on the train',
        replacement_substatus: 'LOST',
      });
    });

    it('writes card.created in the Card shape with the new properties', async () => {
      const { client } = await sandbox.newAccount();
      const card = await client.cards.create({
        type: 'VIRTUAL',
        digital_card_art_token: randomUUID(),
      });
      const [created] = await allEvents(client);
      expect(created.payload).toMatchObject({
        card_token: card.token,
        digital_card_art_token: card.digital_card_art_token,
        replacement_for: null,
      });
      expectWebhookMatchesSpec({ ...created.payload, event_type: 'card.created' }, 'card.created');
    });

    it.each<[string, Record<string, unknown>, RegExp]>([
      ['a PHYSICAL card without a shipping address', { type: 'PHYSICAL' }, /shipping_address/],
      [
        'an address without a required field',
        { type: 'PHYSICAL', shipping_address: { ...ADDRESS, city: undefined } },
        /shipping_address\.city/,
      ],
      [
        'a first name longer than 24 characters',
        { type: 'PHYSICAL', shipping_address: { ...ADDRESS, first_name: 'J'.repeat(25) } },
        /shipping_address\.first_name/,
      ],
      [
        'a two-letter country',
        { type: 'PHYSICAL', shipping_address: { ...ADDRESS, country: 'US' } },
        /shipping_address\.country/,
      ],
      [
        'an unknown field in the address',
        { type: 'PHYSICAL', shipping_address: { ...ADDRESS, planet: 'Mars' } },
        /shipping_address\.planet/,
      ],
      ['an unknown shipping method', { type: 'VIRTUAL', shipping_method: 'PIGEON' }, /shipping_method/],
      ['a bulk order token that is no UUID', { type: 'VIRTUAL', bulk_order_token: 'x' }, /bulk_order_token/],
      ['a PIN that is not base64', { type: 'VIRTUAL', pin: '12 34!' }, /\bpin\b/],
      [
        'an unknown replacement substatus',
        { type: 'VIRTUAL', replacement_substatus: 'GONE' },
        /replacement_substatus/,
      ],
      ['a carrier that is not an object', { type: 'VIRTUAL', carrier: 'paper' }, /carrier/],
      [
        'a replacement account without the card it replaces',
        { type: 'VIRTUAL', replacement_account_token: randomUUID() },
        /replacement_account_token: requires replacement_for/,
      ],
    ])('refuses %s with a 400 naming the field', async (_, body, field) => {
      const { client } = await sandbox.newAccount();
      await expectRefused(client.cards.create(body as never), '/v1/cards', field);
    });

    it("refuses a replacement_for that is another account's card or no card, naming the field", async () => {
      const owner = await sandbox.newAccount();
      const other = await sandbox.newAccount();
      const theirs = await owner.client.cards.create({ type: 'VIRTUAL' });
      // A 400, not a 404: Lithic's spec lists no 404 for POST /v1/cards.
      for (const token of [theirs.token, randomUUID()]) {
        await expectRefused(
          other.client.cards.create({ type: 'VIRTUAL', replacement_for: token }),
          '/v1/cards',
          new RegExp(`replacement_for: card ${token} not found`),
        );
      }
      await expect(other.client.cards.list()).resolves.toMatchObject({ data: [] });
    });
  });

  describe('updating with every request property', () => {
    it('returns and stores substatus, comment and the two tokens, and writes them in card.updated', async () => {
      const { client } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL' });
      const params = {
        substatus: 'SUSPICIOUS_ACTIVITY',
        comment: 'cardholder called',
        digital_card_art_token: randomUUID(),
        network_program_token: randomUUID(),
        state: 'PAUSED',
      } satisfies Lithic.CardUpdateParams;
      const updated = await client.cards.update(card.token, params);
      expectMatchesSpec(updated, '/v1/cards/{card_token}', 'patch');
      expect(updated).toEqual({ ...card, ...params });
      await expect(client.cards.retrieve(card.token)).resolves.toEqual(updated);
      const event = await eventOf(client, 'card.updated');
      expect(event.payload).toMatchObject({
        ...params,
        previous_fields: { digital_card_art_token: null, network_program_token: null },
      });
      expectWebhookMatchesSpec({ ...event.payload, event_type: 'card.updated' }, 'card.updated');
    });

    it('refuses an unknown substatus and the PENDING_ states, which only fulfilment sets', async () => {
      const { client } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL' });
      for (const [body, field] of [
        [{ substatus: 'STOLEN' }, /substatus/],
        [{ state: 'PENDING_ACTIVATION' }, /state/],
        [{ network_program_token: 'abc' }, /network_program_token/],
      ] as const) {
        const error = await failure(client.cards.update(card.token, body as never));
        expect(error).toBeInstanceOf(Lithic.BadRequestError);
        expect(errorBody(error).message).toMatch(field);
      }
    });
  });

  describe('the PIN', () => {
    it('is kept only as a salted hash of the decoded block: never in a response, an event or a row', async () => {
      const { client } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL', pin: PIN });
      const second = PIN_BLOCK.map((byte, i) => (i === 1 ? 0x56 : byte));
      const updated = await client.cards.update(card.token, { pin: Buffer.from(second).toString('base64') });
      expect(updated.pin_status).toBe('OK');
      const events = await allEvents(client);
      // A new PIN changes nothing the Card shows, so it writes no card.updated.
      expect(events.map((e) => e.event_type)).toEqual(['card.created']);
      const shown = JSON.stringify([card, updated, await client.cards.retrieve(card.token), events]);
      for (const clear of [
        PIN,
        PIN_BLOCK.toString('hex'),
        Buffer.from(second).toString('base64'),
        Buffer.from(second).toString('hex'),
      ]) {
        expect(shown).not.toContain(clear);
        await expect(rowsContaining(sandbox, clear)).resolves.toEqual([]);
      }
      const [row] = await sandbox.database.dataSource.query('SELECT pin_hash FROM cards WHERE token = $1', [
        card.token,
      ]);
      expect(row.pin_hash).toMatch(/^scrypt\$/);
      await expect(pinMatches(row.pin_hash, Buffer.from(second))).resolves.toBe(true);
      await expect(pinMatches(row.pin_hash, PIN_BLOCK)).resolves.toBe(false);
    });
  });

  describe('a physical card from order to activation', () => {
    it('waits in PENDING_FULFILLMENT, takes e-commerce charges, ships, and opens when its owner says so', async () => {
      const { client, apiKey } = await sandbox.newAccount();
      const card = await client.cards.create({
        type: 'PHYSICAL',
        shipping_address: ADDRESS,
        shipping_method: 'PRIORITY',
        state: 'PAUSED',
      });
      expect(card.state).toBe('PENDING_FULFILLMENT');
      const charge = await client.transactions.simulateAuthorization({
        amount: 500,
        descriptor: 'WEB SHOP',
        pan: card.pan!,
      });
      await expect(client.transactions.retrieve(charge.token!)).resolves.toMatchObject({
        result: 'APPROVED',
      });

      const ship = (token: string) =>
        raw(sandbox.url, `/sandbox/cards/${token}/ship`, {
          method: 'POST',
          apiKey,
        });
      const shipped = await ship(card.token);
      expect(shipped.status).toBe(200);
      expect(shipped.body).toMatchObject({ token: card.token, state: 'PENDING_ACTIVATION', pan: card.pan });
      const again = await ship(card.token);
      expect(again.status).toBe(400);
      expect(again.body).toMatchObject({ message: expect.stringMatching(/only a PENDING_FULFILLMENT card/) });
      await expect(ship(randomUUID())).resolves.toMatchObject({ status: 404 });

      const open = await client.cards.update(card.token, { state: 'OPEN' });
      expect(open.state).toBe('OPEN');
      const events = (await allEvents(client)).filter((e) => e.event_type.startsWith('card.'));
      expect((await eventTypes(client)).filter((types) => types.some((t) => t.startsWith('card.')))).toEqual([
        ['card.created'],
        ['card.shipped', 'card.updated'],
        ['card.updated'],
      ]);
      const [shippedEvent, shipUpdate] = ['card.shipped', 'card.updated'].map((type) =>
        events.find((e) => e.event_type === type)!,
      );
      expect(shippedEvent.payload).toEqual({
        card_token: card.token,
        bulk_order_token: null,
        shipping_method: 'USPS priority',
        tracking_number: expect.stringMatching(/^1Z[0-9A-F]{16}$/),
      });
      expect(shipUpdate.payload).toMatchObject({
        state: 'PENDING_ACTIVATION',
        previous_fields: { state: 'PENDING_FULFILLMENT' },
      });
      for (const event of events)
        expectWebhookMatchesSpec({ ...event.payload, event_type: event.event_type }, event.event_type);
    });
  });

  describe('reissue, renew and convert_physical', () => {
    it('reissues a physical card with the same PAN and expiry, keeping what is left out, at most 8 times', async () => {
      const { client } = await sandbox.newAccount();
      const card = await client.cards.create({
        type: 'PHYSICAL',
        shipping_address: ADDRESS,
        product_id: '1',
      });
      const reissued = await client.cards.reissue(card.token, {
        product_id: '2',
        shipping_method: 'STANDARD',
      });
      expectMatchesSpec(reissued, '/v1/cards/{card_token}/reissue', 'post');
      expect(reissued).toEqual({ ...card, product_id: '2' });
      const [row] = await sandbox.database.dataSource.query(
        'SELECT fulfilment, reissues FROM cards WHERE token = $1',
        [card.token],
      );
      expect(row).toEqual({
        fulfilment: { shipping_address: ADDRESS, shipping_method: 'STANDARD' },
        reissues: 1,
      });
      for (let i = 2; i <= 8; i++) await client.cards.reissue(card.token, {});
      await expectRefused(
        client.cards.reissue(card.token, {}),
        '/v1/cards/{card_token}/reissue',
        /at most 8/,
      );
      const events = (await allEvents(client)).map((e) => e.event_type);
      expect(events.filter((t) => t === 'card.reissued')).toHaveLength(8);
    });

    it('refuses to reissue a virtual card or a closed one, and answers 404 for a card not found', async () => {
      const { client } = await sandbox.newAccount();
      const virtual = await client.cards.create({ type: 'VIRTUAL' });
      await expectRefused(client.cards.reissue(virtual.token, {}), '/v1/cards/{card_token}/reissue', /type/);
      const physical = await client.cards.create({ type: 'PHYSICAL', shipping_address: ADDRESS });
      await client.cards.update(physical.token, { state: 'CLOSED' });
      await expectRefused(
        client.cards.reissue(physical.token, {}),
        '/v1/cards/{card_token}/reissue',
        /final/,
      );
      await expectRefused(
        client.cards.reissue(randomUUID(), {}),
        '/v1/cards/{card_token}/reissue',
        /not found/,
        404,
      );
    });

    it('renews a virtual card: same token and PAN, a new expiry and CVV, and card.renewed', async () => {
      const { client } = await sandbox.newAccount();
      const year = String(new Date().getUTCFullYear() + 1);
      const card = await client.cards.create({ type: 'VIRTUAL', exp_month: '01', exp_year: year });
      const renewed = await client.cards.renew(card.token, { shipping_address: ADDRESS });
      expectMatchesSpec(renewed, '/v1/cards/{card_token}/renew', 'post');
      expect(renewed).toMatchObject({ token: card.token, pan: card.pan, state: 'OPEN' });
      expect(renewed.exp_year).toBe(String(new Date().getUTCFullYear() + 5));
      // The CVV is derived from the new expiry; GET shows the same one renew returned.
      await expect(client.cards.retrieve(card.token)).resolves.toEqual(renewed);
      expect(await eventTypes(client)).toEqual([['card.created'], ['card.renewed', 'card.updated']]);
      const event = await eventOf(client, 'card.renewed');
      expect(event).toMatchObject({
        event_type: 'card.renewed',
        payload: {
          card_token: card.token,
          exp_month: renewed.exp_month,
          exp_year: renewed.exp_year,
          previous_exp_month: '01',
          previous_exp_year: year,
        },
      });
      expectWebhookMatchesSpec({ ...event.payload, event_type: 'card.renewed' }, 'card.renewed');
    });

    it('renews with the expiry asked for, and refuses a renewal without the address the spec requires', async () => {
      const { client } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL' });
      const year = String(new Date().getUTCFullYear() + 3);
      await expect(
        client.cards.renew(card.token, { shipping_address: ADDRESS, exp_month: '11', exp_year: year }),
      ).resolves.toMatchObject({ exp_month: '11', exp_year: year });
      await expectRefused(
        client.cards.renew(card.token, {} as never),
        '/v1/cards/{card_token}/renew',
        /shipping_address is required/,
      );
      const singleUse = await client.cards.create({ type: 'SINGLE_USE' });
      await expectRefused(
        client.cards.renew(singleUse.token, { shipping_address: ADDRESS }),
        '/v1/cards/{card_token}/renew',
        /PHYSICAL or VIRTUAL/,
      );
    });

    it('converts an open virtual card to a physical one waiting for fulfilment, with the same token and PAN', async () => {
      const { client } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL' });
      const converted = await client.cards.convertPhysical(card.token, {
        shipping_address: ADDRESS,
        product_id: '100',
        carrier: { qr_code_url: 'https://example.com/qr' },
      });
      expectMatchesSpec(converted, '/v1/cards/{card_token}/convert_physical', 'post');
      expect(converted).toEqual({
        ...card,
        type: 'PHYSICAL',
        state: 'PENDING_FULFILLMENT',
        product_id: '100',
      });
      expect(await eventTypes(client)).toEqual([['card.created'], ['card.converted', 'card.updated']]);
      await expect(eventOf(client, 'card.converted')).resolves.toMatchObject({
        payload: { card_token: card.token },
      });
      await expectRefused(
        client.cards.convertPhysical(card.token, { shipping_address: ADDRESS }),
        '/v1/cards/{card_token}/convert_physical',
        /type/,
      );
      const paused = await client.cards.create({ type: 'VIRTUAL', state: 'PAUSED' });
      await expectRefused(
        client.cards.convertPhysical(paused.token, { shipping_address: ADDRESS }),
        '/v1/cards/{card_token}/convert_physical',
        /only an OPEN card/,
      );
    });
  });

  describe('accounts', () => {
    it('stores and returns substatus, comment and the verification address, and clears the substatus with null', async () => {
      const { client, accountToken } = await sandbox.newAccount();
      const params = {
        substatus: 'INTERNAL_REVIEW',
        comment: 'checking documents',
        verification_address: { address1: '5 Broad Street', city: 'New York', country: 'USA' },
        state: 'PAUSED',
      } satisfies Lithic.AccountUpdateParams;
      const updated = await client.accounts.update(accountToken, params);
      expectMatchesSpec(updated, '/v1/accounts/{account_token}', 'patch');
      expect(updated).toMatchObject({
        ...params,
        // The spec requires these keys in a returned address; one never given is "".
        verification_address: { ...params.verification_address, postal_code: '', state: '' },
      });
      await expect(client.accounts.retrieve(accountToken)).resolves.toEqual(updated);
      const cleared = await client.accounts.update(accountToken, { substatus: null });
      const { substatus: _cleared, ...withoutSubstatus } = updated;
      expect(cleared).toEqual(withoutSubstatus);
    });

    it('refuses an unknown substatus or a verification address field it does not know, naming it', async () => {
      const { client, accountToken } = await sandbox.newAccount();
      for (const [body, field] of [
        [{ substatus: 'BANKRUPT' }, /substatus/],
        [{ verification_address: { street: 'x' } }, /verification_address\.street/],
        [{ comment: 42 }, /comment/],
      ] as const) {
        const error = await failure(client.accounts.update(accountToken, body as never));
        expect(error).toBeInstanceOf(Lithic.BadRequestError);
        expectMatchesSpec(errorBody(error), '/v1/accounts/{account_token}', 'patch', 400);
        expect(errorBody(error).message).toMatch(field);
      }
    });
  });
});
