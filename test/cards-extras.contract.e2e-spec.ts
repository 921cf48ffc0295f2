/**
 * The SDK methods beside the card and transaction basics: digital wallet provisioning, the embedded
 * card page (signed client-side by the SDK), expiring an authorization on request, and enhanced
 * commercial data. Every JSON body is checked against the spec.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import Lithic, { type APIError } from 'lithic';
import { errorBody, failure, raw } from './support/http.js';
import { testDatabase, useSandbox } from './support/sandbox.js';
import { expectMatchesSpec } from './support/spec.js';
import { eventually, Receiver } from './support/webhooks.js';

const UNKNOWN = '7ef7d65c-9023-4da3-b113-3b8583fd7951';
const decode = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');

/** A 4xx the SDK threw, with its status and Lithic's error message. */
async function rejection(promise: PromiseLike<unknown>): Promise<{ status: number; message: string }> {
  const error = (await failure(promise)) as APIError;
  return { status: error.status!, message: errorBody(error).message };
}

/** The PAN as the embedded page lays it out: groups of four between separators. */
const panInPage = (html: string) =>
  /<div id="pan"[^>]*>(.*?)<\/div>/s.exec(html)?.[1].replace(/<span class='pan-separator'><\/span>/g, '');
/** A pending authorization on the card: its transaction token. */
async function authorize(
  client: Lithic,
  card: Lithic.Card,
  amount = 500,
  descriptor = 'SHOP',
): Promise<string> {
  return (await client.transactions.simulateAuthorization({ amount, descriptor, pan: card.pan! })).token!;
}

const textOf = (html: string, id: string) => new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1];

describe(`card extras through the official SDK on the ${testDatabase()} database`, () => {
  const sandbox = useSandbox();

  describe('provisioning to a digital wallet', () => {
    it('gives Google and Samsung Pay a base64 payload that names the card by token and last four, never by PAN', async () => {
      const { client } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL' });
      for (const digital_wallet of ['GOOGLE_PAY', 'SAMSUNG_PAY'] as const) {
        const params = { digital_wallet, client_device_id: 'device-1', client_wallet_account_id: 'wallet-1' };
        const response = await client.cards.provision(card.token, params);
        expectMatchesSpec(response, '/v1/cards/{card_token}/provision', 'post');
        expect(typeof response.provisioning_payload).toBe('string');
        const payload = JSON.parse(decode(response.provisioning_payload as string)) as Record<
          string,
          unknown
        >;
        expect(payload).toMatchObject({
          sandbox: true,
          card_token: card.token,
          last_four: card.last_four,
          ...params,
        });
        expect(JSON.stringify(payload)).not.toContain(card.pan!);
        // Deterministic: the same request gives the same payload.
        expect(await client.cards.provision(card.token, params)).toEqual(response);
      }
    });

    it("gives Apple Pay activationData alone without the wallet's certificate, and the encrypted fields with it", async () => {
      const { client } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'DIGITAL_WALLET' });
      const bare = await client.cards.provision(card.token, { digital_wallet: 'APPLE_PAY' });
      expectMatchesSpec(bare, '/v1/cards/{card_token}/provision', 'post');
      expect(Object.keys(bare.provisioning_payload as object)).toEqual(['activationData']);

      const full = await client.cards.provision(card.token, {
        digital_wallet: 'APPLE_PAY',
        certificate: Buffer.from('leaf certificate').toString('base64'),
        nonce: Buffer.from('nonce').toString('base64'),
        nonce_signature: Buffer.from('signature').toString('base64'),
      });
      expectMatchesSpec(full, '/v1/cards/{card_token}/provision', 'post');
      const payload = full.provisioning_payload as Record<string, string>;
      expect(Object.keys(payload).sort()).toEqual(['activationData', 'encryptedData', 'ephemeralPublicKey']);
      expect(payload.activationData).toBe(
        (bare.provisioning_payload as Record<string, string>).activationData,
      );
      expect(Buffer.from(payload.ephemeralPublicKey, 'base64')).toHaveLength(65);
      for (const value of Object.values(payload)) expect(decode(value)).not.toContain(card.pan!);
    });

    it('gives web push provisioning a JWS-shaped object for Apple Pay and the two OPCs for Google Pay', async () => {
      const { client } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL' });
      const apple = await client.cards.webProvision(card.token, { digital_wallet: 'APPLE_PAY' });
      expectMatchesSpec(apple, '/v1/cards/{card_token}/web_provision', 'post');
      const jws = (apple as Lithic.Cards.CardWebProvisionResponse.AppleWebPushProvisioningResponse).jws!;
      expect(JSON.parse(Buffer.from(jws.payload!, 'base64url').toString())).toMatchObject({
        sandbox: true,
        card_token: card.token,
      });
      expect(await client.cards.webProvision(card.token, { digital_wallet: 'APPLE_PAY' })).toEqual(apple);

      const google = await client.cards.webProvision(card.token, {
        digital_wallet: 'GOOGLE_PAY',
        server_session_id: UNKNOWN,
        client_device_id: UNKNOWN,
        client_wallet_account_id: UNKNOWN,
      });
      expectMatchesSpec(google, '/v1/cards/{card_token}/web_provision', 'post');
      expect(Object.keys(google).sort()).toEqual(['google_opc', 'tsp_opc']);
      expect(JSON.stringify(apple) + JSON.stringify(google)).not.toContain(card.pan!);
    });

    it("refuses a closed card, half of Apple's inputs, an unknown wallet, and another account's card", async () => {
      const { client } = await sandbox.newAccount();
      const other = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL' });
      const closed = await client.cards.create({ type: 'VIRTUAL', memo: 'closed' });
      await client.cards.update(closed.token, { state: 'CLOSED' });

      expect(await rejection(client.cards.provision(closed.token, { digital_wallet: 'GOOGLE_PAY' }))).toEqual(
        {
          status: 400,
          message: 'card_token: a CLOSED card cannot be added to a digital wallet',
        },
      );
      expect(
        await rejection(
          client.cards.provision(card.token, { digital_wallet: 'APPLE_PAY', nonce: 'bm9uY2U=' }),
        ),
      ).toEqual({
        status: 400,
        message:
          'certificate, nonce_signature: required with nonce (or omit all three for activationData only)',
      });
      const wallet = await rejection(
        client.cards.provision(card.token, { digital_wallet: 'PAYPAL' as 'APPLE_PAY' }),
      );
      expect(wallet.status).toBe(400);
      expect(wallet.message).toMatch(/digital_wallet/);
      const web = await rejection(
        client.cards.webProvision(card.token, { digital_wallet: 'SAMSUNG_PAY' as 'APPLE_PAY' }),
      );
      expect(web.status).toBe(400);
      expect(web.message).toMatch(/digital_wallet/);
      expect(
        await rejection(other.client.cards.provision(card.token, { digital_wallet: 'GOOGLE_PAY' })),
      ).toEqual({ status: 404, message: `Card ${card.token} not found` });
      expect(
        (await rejection(other.client.cards.webProvision(card.token, { digital_wallet: 'APPLE_PAY' })))
          .status,
      ).toBe(404);
    });
  });

  describe('the embedded card page', () => {
    it("shows the card's PAN, expiry and CVV to getEmbedHTML, styled by the given css", async () => {
      const { client } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL' });
      const html = await client.cards.getEmbedHTML({
        token: card.token,
        css: 'https://example.com/card.css',
      });
      expect(panInPage(html)).toBe(card.pan);
      expect(textOf(html, 'month')).toBe(card.exp_month);
      expect(textOf(html, 'year')).toBe(card.exp_year!.slice(-2));
      expect(textOf(html, 'cvv')).toBe(card.cvv);
      expect(html).toContain('<link rel="stylesheet" type="text/css" href="https://example.com/card.css">');
      for (const id of ['card', 'pan', 'expiry', 'cvv', 'alert']) expect(html).toContain(`id="${id}"`);
    });

    it('serves getEmbedURL to a browser that sends no key: the HMAC is checked against the account keys', async () => {
      const { client } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL' });
      const url = client.cards.getEmbedURL({ token: card.token, target_origin: 'https://app.example.com' });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('cache-control')).toBe('no-store');
      // Only the target origin may frame the page, and it hears the clicks.
      expect(page.headers.get('content-security-policy')).toContain(
        'frame-ancestors https://app.example.com',
      );
      const html = await page.text();
      expect(panInPage(html)).toBe(card.pan);
      expect(html).toContain('"https://app.example.com"');
    });

    it('shows the page through the deprecated embed() with a hand-signed request, as Lithic documents it', async () => {
      const { client, apiKey } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL' });
      const serialized = JSON.stringify({ token: card.token, expiration: '2099-01-01T00:00:00Z' });
      const html = await client.cards.embed({
        embed_request: Buffer.from(serialized).toString('base64'),
        hmac: createHmac('sha256', apiKey).update(serialized).digest('base64'),
      });
      expect(textOf(html, 'cvv')).toBe(card.cvv);
    });

    it("refuses a wrong HMAC, another account's key, an expired request and a malformed one", async () => {
      const { client, apiKey } = await sandbox.newAccount();
      const other = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL' });
      const signed = (body: object, key: string) => {
        const serialized = JSON.stringify(body);
        return `/v1/embed/card?${new URLSearchParams({
          embed_request: Buffer.from(serialized).toString('base64'),
          hmac: createHmac('sha256', key).update(serialized).digest('base64'),
        })}`;
      };
      const hmacMessage =
        "hmac: not the HMAC-SHA256 of embed_request's JSON with an API key of the card's account";

      // Signed with another account's key: without a key sent, and with that key sent.
      const foreign = signed({ token: card.token }, other.apiKey);
      const anonymous = await raw(sandbox.url, foreign);
      expect([anonymous.status, (anonymous.body as { message: string }).message]).toEqual([401, hmacMessage]);
      const withKey = await raw(sandbox.url, foreign, { apiKey: other.apiKey });
      expect([withKey.status, (withKey.body as { message: string }).message]).toEqual([
        404,
        `Card ${card.token} not found`,
      ]);
      // Signed with the right key, but the request's text changed after signing.
      const tampered = new URL(client.cards.getEmbedURL({ token: card.token }));
      tampered.searchParams.set(
        'embed_request',
        Buffer.from(JSON.stringify({ token: card.token, css: 'https://evil.example/x.css' })).toString(
          'base64',
        ),
      );
      const changed = await fetch(tampered);
      expect(changed.status).toBe(401);
      expect(await changed.text()).not.toContain(card.pan!);
      // An unknown card answers like a bad signature without a key: no oracle for card tokens.
      const unknown = await raw(sandbox.url, signed({ token: UNKNOWN }, apiKey));
      expect([unknown.status, (unknown.body as { message: string }).message]).toEqual([401, hmacMessage]);

      const expired = await rejection(
        client.cards.getEmbedHTML({ token: card.token, expiration: '2020-01-01T00:00:00Z' }),
      );
      expect(expired).toEqual({
        status: 400,
        message: 'embed_request.expiration: the request expired at 2020-01-01T00:00:00.000Z; sign a new one',
      });
      const expiredUrl = await fetch(
        client.cards.getEmbedURL({ token: card.token, expiration: '2020-01-01T00:00:00Z' }),
      );
      expect(expiredUrl.status).toBe(400);

      const badOrigin = await rejection(
        client.cards.getEmbedHTML({ token: card.token, target_origin: 'https://app.example.com/path' }),
      );
      expect(badOrigin).toEqual({
        status: 400,
        message: 'embed_request.target_origin must be an origin: scheme, host and port, no path',
      });
      const missing = await raw(sandbox.url, '/v1/embed/card?embed_request=e30=');
      expect(missing.status).toBe(400);
      expect((missing.body as { message: string }).message).toMatch(/hmac/);
    });

    it('keeps the page out of the request journal: the entry is there, its body is not', async () => {
      const { client, apiKey } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL' });
      await client.cards.getEmbedHTML({ token: card.token });
      const entry = await eventually('the journal entry of the embed request', async () => {
        const journal = await raw(sandbox.url, '/sandbox/requests', { apiKey });
        const entries = (journal.body as { data: { path: string; response_body: unknown; status: number }[] })
          .data;
        return entries.find((e) => e.path === '/v1/embed/card');
      });
      expect(entry).toMatchObject({ status: 200, response_body: null });
      const journal = await raw(sandbox.url, '/sandbox/requests', { apiKey });
      expect(journal.text).not.toContain(card.pan!.slice(0, 12));
      expect(journal.text).not.toMatch(/pan-separator|id=\\*"cvv/);
    });
  });

  describe('expiring an authorization', () => {
    it('expires a pending authorization now: EXPIRED, an AUTHORIZATION_EXPIRY event and its webhook', async () => {
      const { client } = await sandbox.newAccount();
      const receiver = await Receiver.start();
      try {
        await client.events.subscriptions.create({
          url: receiver.url,
          event_types: ['card_transaction.updated'],
        });
        const card = await client.cards.create({ type: 'VIRTUAL' });
        const token = await authorize(client, card, 1234, 'COFFEE');
        const response = await client.transactions.expireAuthorization(token).asResponse();
        expect(response.status).toBe(202);

        const transaction = await client.transactions.retrieve(token);
        expectMatchesSpec(transaction, '/v1/transactions/{transaction_token}', 'get');
        expect(transaction.status).toBe('EXPIRED');
        expect(transaction.events!.map((e) => [e.type, e.amount])).toEqual([
          ['AUTHORIZATION', 1234],
          ['AUTHORIZATION_EXPIRY', 1234],
        ]);
        const webhook = await eventually('the EXPIRED card_transaction.updated webhook', () =>
          receiver
            .ofType('card_transaction.updated')
            .find((d) => d.json.token === token && d.json.status === 'EXPIRED'),
        );
        expect((webhook.json.events as { type: string }[]).map((e) => e.type)).toEqual([
          'AUTHORIZATION',
          'AUTHORIZATION_EXPIRY',
        ]);
        // The released hold no longer counts against the card.
        const limits = await client.cards.retrieveSpendLimits(card.token);
        expect(limits.spend_velocity!.forever).toBe(0);
      } finally {
        await receiver.stop();
      }
    });

    it("refuses a cleared, a voided and an expired transaction (400) and another account's (404)", async () => {
      const { client } = await sandbox.newAccount();
      const other = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL' });
      const cleared = await authorize(client, card);
      await client.transactions.simulateClearing({ token: cleared });
      const voided = await authorize(client, card);
      await client.transactions.simulateVoid({ token: voided });
      const expired = await authorize(client, card);
      await client.transactions.expireAuthorization(expired);

      for (const [token, status] of [
        [cleared, 'SETTLED'],
        [voided, 'VOIDED'],
        [expired, 'EXPIRED'],
      ]) {
        expect(await rejection(client.transactions.expireAuthorization(token))).toEqual({
          status: 400,
          message: `transaction_token: the transaction is ${status}; only a PENDING authorization can expire`,
        });
      }
      expect((await client.transactions.retrieve(cleared)).events).toHaveLength(2);
      const pending = await authorize(client, card);
      expect(await rejection(other.client.transactions.expireAuthorization(pending))).toEqual({
        status: 404,
        message: `Transaction ${pending} not found`,
      });
      expect((await client.transactions.retrieve(pending)).status).toBe('PENDING');
      expect((await rejection(client.transactions.expireAuthorization(UNKNOWN))).status).toBe(404);
    });
  });

  describe('enhanced commercial data', () => {
    /** A pending authorization of one account, and a client of another. */
    const transactionOfOneOfTwoAccounts = async () => {
      const { client } = await sandbox.newAccount();
      const other = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL' });
      return { client, other, token: await authorize(client, card, 100, 'FLEET FUEL') };
    };

    it("lists none for the caller's transaction and answers another account's with a 400 naming transaction_token (the spec lists no 404)", async () => {
      const { client, other, token } = await transactionOfOneOfTwoAccounts();
      const data = await client.transactions.enhancedCommercialData.retrieve(token);
      expectMatchesSpec(data, '/v1/transactions/{transaction_token}/enhanced_commercial_data', 'get');
      expect(data).toEqual({ data: [] });
      expect(await rejection(other.client.transactions.enhancedCommercialData.retrieve(token))).toEqual({
        status: 400,
        message: `transaction_token: no transaction of this account has the token ${token}`,
      });
    });

    it("answers an event's with a 400 that says there is none, and another account's event with a 400 naming event_token", async () => {
      const { client, other, token } = await transactionOfOneOfTwoAccounts();
      const [event] = (await client.transactions.retrieve(token)).events!;
      expect(
        await rejection(client.transactions.events.enhancedCommercialData.retrieve(event.token)),
      ).toEqual({
        status: 400,
        message: `event_token: transaction event ${event.token} has no enhanced commercial data; the sandbox simulates none`,
      });
      expect(
        await rejection(other.client.transactions.events.enhancedCommercialData.retrieve(event.token)),
      ).toEqual({
        status: 400,
        message: `event_token: no transaction event of this account has the token ${event.token}`,
      });
    });
  });
});
