import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type Lithic from 'lithic';
import { newApiKey } from '#persistence';
import {
  postgresAvailable,
  randomIdempotencyKey,
  SLOW_MS,
  type StartOptions,
  startSandbox,
  testDatabase,
  useSandbox,
} from './support/sandbox.js';
import { rowsContaining } from './support/rows.js';

const describeIfPostgres = (await postgresAvailable()) ? describe : describe.skip;

/**
 * Creates data, restarts the sandbox on the same storage, and checks it all came back: the card with
 * its PAN and CVV, the API key, and a replay of an idempotent create.
 */
async function expectSurvivesRestart(options: StartOptions): Promise<void> {
  const first = await startSandbox(options);
  let card: Lithic.Card;
  let apiKey: string;
  const key = randomIdempotencyKey();
  try {
    const account = await first.newAccount();
    apiKey = account.apiKey;
    card = await account.client.cards.create(
      { type: 'MERCHANT_LOCKED', memo: 'survives a restart', spend_limit: 2_500 },
      { headers: { 'Idempotency-Key': key } },
    );
    await account.client.cards.update(card.token, { state: 'PAUSED' });
  } finally {
    await first.close();
  }

  const second = await startSandbox(options);
  try {
    const client = second.client(apiKey);
    const again = await client.cards.retrieve(card.token);
    expect(again).toEqual({ ...card, state: 'PAUSED' });
    expect(again.pan).toBe(card.pan);
    expect(again.cvv).toBe(card.cvv);
    await expect(client.cards.searchByPan({ pan: card.pan! })).resolves.toMatchObject({ token: card.token });
    const page = await client.cards.list();
    expect(page.data.map((c) => c.token)).toEqual([card.token]);
    const replay = await client.cards.create(
      { type: 'MERCHANT_LOCKED', memo: 'survives a restart', spend_limit: 2_500 },
      { headers: { 'Idempotency-Key': key } },
    );
    expect(replay.token).toBe(card.token);
    expect(replay.pan).toBe(card.pan);
    await expect(client.cards.list()).resolves.toMatchObject({ data: [{ token: card.token }] });
  } finally {
    await second.close();
  }
}

/**
 * A configured key (SANDBOX_API_KEY) belongs to its own account: on a database that already has
 * accounts it gets a new one, and after its account is deleted a restart gives it a fresh, empty
 * account, never the oldest remaining one with another tenant's cards.
 */
async function expectKeyKeepsItsOwnAccount(options: StartOptions): Promise<void> {
  const apiKey = newApiKey();
  const withKey = { ...options, env: { ...options.env, SANDBOX_API_KEY: apiKey } };
  const first = await startSandbox(withKey);
  let mine: string;
  let theirs: { account: string; card: string };
  try {
    const client = first.client(apiKey);
    const accounts = (await client.accounts.list()).data;
    expect(accounts).toHaveLength(1);
    mine = accounts[0].token;
    await expect(client.cards.list()).resolves.toMatchObject({ data: [] });
    await client.cards.create({ type: 'VIRTUAL', memo: 'mine' });
    const other = await first.newAccount();
    theirs = {
      account: other.accountToken,
      card: (await other.client.cards.create({ type: 'VIRTUAL', memo: 'theirs' })).token,
    };
    const deleted = await fetch(`${first.url}/sandbox/accounts/${mine}`, {
      method: 'DELETE',
      headers: { authorization: apiKey },
    });
    expect(deleted.status).toBe(204);
    await expect(client.cards.list()).rejects.toMatchObject({ status: 401 });
  } finally {
    await first.close();
  }
  const second = await startSandbox(withKey);
  try {
    expect(second.database.report).toMatchObject({ createdAccount: true, apiKeySource: 'env' });
    const client = second.client(apiKey);
    const accounts = (await client.accounts.list()).data.map((a) => a.token);
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).not.toBe(mine);
    expect(accounts[0]).not.toBe(theirs.account);
    await expect(client.cards.list()).resolves.toMatchObject({ data: [] });
    await expect(client.cards.retrieve(theirs.card)).rejects.toMatchObject({ status: 404 });
    const rows: { account_token: string }[] = await second.database.dataSource.query(
      'SELECT account_token FROM api_keys WHERE account_token = $1',
      [mine],
    );
    expect(rows).toEqual([]);
  } finally {
    await second.close();
  }
}

/**
 * A key made before keys were kept sealed (key_sealed NULL) is sealed when the sandbox starts with it
 * as SANDBOX_API_KEY: from then on a page it signs with getEmbedURL opens without the key being sent.
 */
async function expectConfiguredKeySealedOnStart(options: StartOptions): Promise<void> {
  const apiKey = newApiKey();
  const withKey = { ...options, env: { ...options.env, SANDBOX_API_KEY: apiKey } };
  const first = await startSandbox(withKey);
  let card: Lithic.Card;
  try {
    card = await first.client(apiKey).cards.create({ type: 'VIRTUAL' });
    await first.database.dataSource.query('UPDATE api_keys SET key_sealed = NULL WHERE account_token = $1', [
      card.account_token,
    ]);
    // Unsealed, the key cannot be checked without being sent.
    expect((await fetch(first.client(apiKey).cards.getEmbedURL({ token: card.token }))).status).toBe(401);
  } finally {
    await first.close();
  }
  const second = await startSandbox(withKey);
  try {
    const rows: { key_sealed: string | null }[] = await second.database.dataSource.query(
      'SELECT key_sealed FROM api_keys WHERE account_token = $1',
      [card.account_token],
    );
    expect(rows).toEqual([{ key_sealed: expect.stringMatching(/^v2\./) }]);
    expect(rows[0].key_sealed).not.toContain(apiKey);
    const page = await fetch(second.client(apiKey).cards.getEmbedURL({ token: card.token }));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(card.cvv!);
  } finally {
    await second.close();
  }
}

describe('persistence', () => {
  describe('on the embedded database with a data directory', () => {
    let dataDir: string;
    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'card-sandbox-e2e-'));
    });
    afterAll(async () => {
      await rm(dataDir, { recursive: true, force: true });
    });

    it(
      'keeps cards, their PAN and CVV, API keys and idempotent replays across a restart',
      async () => {
        await expectSurvivesRestart({ database: 'embedded', dataDir });
      },
      SLOW_MS,
    );

    it(
      'keeps the default account and its API key across a restart',
      async () => {
        const dir = join(dataDir, 'default-key');
        const first = await startSandbox({ database: 'embedded', dataDir: dir });
        let defaultKey: string | null;
        let token: string;
        try {
          expect(first.database.report).toMatchObject({ createdAccount: true, apiKeySource: 'generated' });
          defaultKey = first.database.report.apiKey;
          expect(defaultKey).toEqual(expect.any(String));
          token = (await first.client(defaultKey!).cards.create({ type: 'VIRTUAL' })).token;
        } finally {
          await first.close();
        }
        const second = await startSandbox({ database: 'embedded', dataDir: dir });
        try {
          expect(second.database.report).toMatchObject({
            createdAccount: false,
            apiKey: defaultKey,
            apiKeySource: 'data-dir',
          });
          await expect(second.client(defaultKey!).cards.retrieve(token)).resolves.toMatchObject({ token });
        } finally {
          await second.close();
        }
      },
      SLOW_MS,
    );

    it(
      'gives SANDBOX_API_KEY a fresh, empty account after its own was deleted, never the oldest one left',
      async () => {
        await expectKeyKeepsItsOwnAccount({
          database: 'embedded',
          dataDir: join(dataDir, 'deleted-default'),
        });
      },
      SLOW_MS,
    );

    it(
      'seals a configured API key made before keys were kept sealed, so the embedded card page can check it',
      async () => {
        await expectConfiguredKeySealedOnStart({
          database: 'embedded',
          dataDir: join(dataDir, 'unsealed-key'),
        });
      },
      SLOW_MS,
    );
  });

  describeIfPostgres('on PostgreSQL', () => {
    it(
      'keeps cards, their PAN and CVV, API keys and idempotent replays across a restart',
      async () => {
        await expectSurvivesRestart({ database: 'postgres' });
      },
      SLOW_MS,
    );

    it(
      'gives a new SANDBOX_API_KEY its own account on a database with accounts, and a fresh one after it was deleted',
      async () => {
        await expectKeyKeepsItsOwnAccount({ database: 'postgres' });
      },
      SLOW_MS,
    );

    it(
      'seals a configured API key made before keys were kept sealed, so the embedded card page can check it',
      async () => {
        await expectConfiguredKeySealedOnStart({ database: 'postgres' });
      },
      SLOW_MS,
    );
  });

  describe(`card data at rest on the ${testDatabase()} database`, () => {
    const sandbox = useSandbox();

    it('stores no column of the card row with the PAN or the CVV in clear', async () => {
      const { client } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL', memo: 'at rest' });
      const rows: Record<string, unknown>[] = await sandbox.database.dataSource.query(
        'SELECT * FROM cards WHERE token = $1',
        [card.token],
      );
      expect(rows).toHaveLength(1);
      const [row] = rows;
      expect(row.last_four).toBe(card.last_four);
      for (const [column, value] of Object.entries(row)) {
        const text = value instanceof Date ? value.toISOString() : JSON.stringify(value);
        expect({ column, containsPan: text.includes(card.pan!) }).toEqual({ column, containsPan: false });
        expect({ column, containsMiddle: text.includes(card.pan!.slice(6, 12)) }).toEqual({
          column,
          containsMiddle: false,
        });
      }
      expect(Object.keys(row)).not.toContain('cvv');
      expect(Object.keys(row)).not.toContain('pan');
    });

    it('stores an API key nowhere in clear: hashed for lookups, sealed for the embedded page', async () => {
      const { client, apiKey } = await sandbox.newAccount();
      const card = await client.cards.create({ type: 'VIRTUAL' });
      await client.cards.getEmbedHTML({ token: card.token });
      expect(await rowsContaining(sandbox, apiKey)).toEqual([]);
    });

    it('stores the PAN nowhere in clear, not even in a remembered idempotent response', async () => {
      const { client } = await sandbox.newAccount();
      const card = await client.cards.create(
        { type: 'VIRTUAL', memo: 'idempotent at rest' },
        { headers: { 'Idempotency-Key': randomIdempotencyKey() } },
      );
      const found = await client.cards.searchByPan({ pan: card.pan! });
      expect(found.token).toBe(card.token);
      await expect(rowsContaining(sandbox, card.pan!)).resolves.toEqual([]);
      await expect(rowsContaining(sandbox, `"cvv": "${card.cvv}"`)).resolves.toEqual([]);
      await expect(rowsContaining(sandbox, `"cvv":"${card.cvv}"`)).resolves.toEqual([]);
    });
  });
});
