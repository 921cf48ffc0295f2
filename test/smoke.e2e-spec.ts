import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isLuhnValid } from '#domain';
import { startSandbox, testDatabase, type TestSandbox } from './support/sandbox.js';

describe(`the sandbox on the ${testDatabase()} database`, () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
  });

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
