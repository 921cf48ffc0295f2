import { describe, expect, it } from '@jest/globals';
import Lithic, { type APIError } from 'lithic';
import { errorBody, failure, raw } from './support/http.js';
import { testDatabase, useSandbox } from './support/sandbox.js';
import { expectMatchesSpec } from './support/spec.js';

describe(`accounts through the official SDK on the ${testDatabase()} database`, () => {
  const sandbox = useSandbox();

  it("lists exactly the caller's own account", async () => {
    const { client, accountToken } = await sandbox.newAccount();
    await sandbox.newAccount();
    const page = await client.accounts.list();
    expectMatchesSpec({ data: page.data, has_more: page.has_more }, '/v1/accounts', 'get');
    expect(page.data.map((a) => a.token)).toEqual([accountToken]);
    expect(page.has_more).toBe(false);
    const all: Lithic.Account[] = [];
    for await (const account of client.accounts.list({ page_size: 1 })) all.push(account);
    expect(all.map((a) => a.token)).toEqual([accountToken]);
  });

  it('retrieves its own account, active and with no spend limits by default', async () => {
    const { client, accountToken } = await sandbox.newAccount();
    const account = await client.accounts.retrieve(accountToken);
    expectMatchesSpec(account, '/v1/accounts/{account_token}', 'get');
    expect(account).toMatchObject({
      token: accountToken,
      state: 'ACTIVE',
      spend_limit: { daily: 0, monthly: 0, lifetime: 0 },
    });
    expect(new Date(account.created!).toISOString()).toBe(account.created);
  });

  it("answers another account's token, and an unknown one, with NotFoundError", async () => {
    const { client } = await sandbox.newAccount();
    const other = await sandbox.newAccount();
    const error = await failure(client.accounts.retrieve(other.accountToken));
    expect(error).toBeInstanceOf(Lithic.NotFoundError);
    expectMatchesSpec(errorBody(error), '/v1/accounts/{account_token}', 'get', 404);
    await expect(
      failure(client.accounts.update(other.accountToken, { state: 'PAUSED' })),
    ).resolves.toBeInstanceOf(Lithic.NotFoundError);
    await expect(
      failure(client.accounts.retrieve('b68b7424-aa69-4cbc-a946-30d90181b621')),
    ).resolves.toBeInstanceOf(Lithic.NotFoundError);
    await expect(other.client.accounts.retrieve(other.accountToken)).resolves.toMatchObject({
      state: 'ACTIVE',
    });
  });

  it('answers a malformed account token with a 400 naming it', async () => {
    const { client } = await sandbox.newAccount();
    const error = await failure(client.accounts.retrieve('not-a-token'));
    expect(error).toBeInstanceOf(Lithic.BadRequestError);
    expect(errorBody(error).message).toMatch(/account_token/);
  });

  it('sets spend limits and removes them with 0', async () => {
    const { client, accountToken } = await sandbox.newAccount();
    const updated = await client.accounts.update(accountToken, {
      daily_spend_limit: 1_000,
      monthly_spend_limit: 5_000,
      lifetime_spend_limit: 100_000,
    });
    expectMatchesSpec(updated, '/v1/accounts/{account_token}', 'patch');
    expect(updated.spend_limit).toEqual({ daily: 1_000, monthly: 5_000, lifetime: 100_000 });
    await expect(client.accounts.retrieve(accountToken)).resolves.toMatchObject({
      spend_limit: { daily: 1_000, monthly: 5_000, lifetime: 100_000 },
    });
    const partly = await client.accounts.update(accountToken, { monthly_spend_limit: 7_500 });
    expect(partly.spend_limit).toEqual({ daily: 1_000, monthly: 7_500, lifetime: 100_000 });
    const removed = await client.accounts.update(accountToken, { daily_spend_limit: 0 });
    expect(removed.spend_limit).toEqual({ daily: 0, monthly: 7_500, lifetime: 100_000 });
  });

  it('pauses the account and makes it active again', async () => {
    const { client, accountToken } = await sandbox.newAccount();
    const paused = await client.accounts.update(accountToken, { state: 'PAUSED' });
    expect(paused.state).toBe('PAUSED');
    await expect(client.accounts.retrieve(accountToken)).resolves.toMatchObject({ state: 'PAUSED' });
    const active = await client.accounts.update(accountToken, { state: 'ACTIVE' });
    expect(active.state).toBe('ACTIVE');
  });

  it('refuses to reopen a CLOSED account with a 400 the SDK will not retry', async () => {
    const { client, accountToken } = await sandbox.newAccount();
    await expect(client.accounts.update(accountToken, { state: 'CLOSED' })).resolves.toMatchObject({
      state: 'CLOSED',
    });
    for (const state of ['ACTIVE', 'PAUSED'] as const) {
      const error = await failure(client.accounts.update(accountToken, { state }));
      expect(error).toBeInstanceOf(Lithic.BadRequestError);
      expect((error as APIError).headers?.get('x-should-retry')).toBe('false');
      expect(errorBody(error).message).toMatch(/\bstate\b/);
    }
  });

  it.each([
    ['daily_spend_limit', -1],
    ['daily_spend_limit', 1.5],
    ['monthly_spend_limit', 'abc'],
    ['lifetime_spend_limit', 1e15],
    ['lifetime_spend_limit', null],
    ['state', 'FROZEN'],
    ['state', 1],
    ['nickname', 'an unknown field'],
  ])('refuses %s = %p with a 400 naming the field', async (field, value) => {
    const { apiKey, accountToken } = await sandbox.newAccount();
    const response = await raw(sandbox.url, `/v1/accounts/${accountToken}`, {
      method: 'PATCH',
      apiKey,
      body: { [field]: value },
    });
    expect(response.status).toBe(400);
    expectMatchesSpec(response.body, '/v1/accounts/{account_token}', 'patch', 400);
    expect((response.body as { message: string }).message).toContain(field);
    const account = await raw(sandbox.url, `/v1/accounts/${accountToken}`, { apiKey });
    expect(account.body).toMatchObject({
      state: 'ACTIVE',
      spend_limit: { daily: 0, monthly: 0, lifetime: 0 },
    });
  });
});
