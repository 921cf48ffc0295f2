import { describe, expect, it } from '@jest/globals';
import { isLuhnValid } from '#domain';
import { testDatabase, useSandbox } from './support/sandbox.js';

describe(`the sandbox on the ${testDatabase()} database`, () => {
  const sandbox = useSandbox();

  it('answers GET /v1/status without a key', async () => {
    const response = await fetch(`${sandbox.url}/v1/status`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ message: 'OK' });
  });

  it('issues a Luhn-valid card through the official SDK and retrieves it', async () => {
    const { client } = await sandbox.newAccount();
    const card = await client.cards.create({ type: 'VIRTUAL', memo: 'smoke' });
    expect(isLuhnValid(card.pan!)).toBe(true);
    const again = await client.cards.retrieve(card.token);
    expect(again.pan).toBe(card.pan);
    expect(again.cvv).toBe(card.cvv);
  });
});

describe('a Mastercard 2-series BIN', () => {
  const sandbox = useSandbox({ env: { SANDBOX_BIN: '222300' } });

  it('issues Luhn-valid 2223 PANs whose transactions run on the MASTERCARD network', async () => {
    const { client } = await sandbox.newAccount();
    const card = await client.cards.create({ type: 'VIRTUAL' });
    expect(card.pan).toMatch(/^222300\d{10}$/);
    expect(isLuhnValid(card.pan!)).toBe(true);
    const { token } = await client.transactions.simulateAuthorization({
      amount: 250,
      descriptor: 'MC SHOP',
      pan: card.pan!,
    });
    expect((await client.transactions.retrieve(token!)).network).toBe('MASTERCARD');
  });
});
