import { randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from '@jest/globals';
import Lithic from 'lithic';
import { createSandboxAccount, type SandboxAccount } from '../sdk/sandbox-testing.mjs';
import { startSandbox, type TestSandbox, useSandbox } from './support/sandbox.js';

async function post(url: string, apiKey: string, path: string, body: unknown) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: apiKey, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => null)) as Record<string, unknown>,
  };
}

/** A well-formed token of the same kind that nobody has. */
function unknownLike(token: string): string {
  return /^[0-9a-f-]{36}$/.test(token) ? randomUUID() : token.slice(0, -6) + randomBytes(3).toString('hex');
}

const charge = (sandbox: TestSandbox, key: string, pan: string, amount: number) =>
  post(sandbox.url, key, '/v1/simulate/authorize', { amount, descriptor: 'CLOCK SHOP', pan });

describe('sandbox controls for test suites', () => {
  const sandbox = useSandbox();
  let defaultKey: string;
  beforeAll(async () => {
    defaultKey = (await sandbox.newAccount()).apiKey;
  });

  const isolated = async (): Promise<SandboxAccount & { lithic: Lithic }> => {
    const account = await createSandboxAccount({ baseURL: sandbox.url, apiKey: defaultKey });
    return { ...account, lithic: sandbox.client(account.apiKey) };
  };

  describe('isolated accounts', () => {
    it.each(['starting_after', 'ending_before'])(
      "answers %s=<another account's token> exactly as an unknown token, on every list",
      async (cursor) => {
        const [me, other] = await Promise.all([isolated(), isolated()]);
        // Mine before and after theirs, so a cursor placed at theirs would find some of mine.
        const older = await me.lithic.cards.create({ type: 'VIRTUAL' });
        await charge(sandbox, me.apiKey, older.pan!, 100);
        const theirs = await other.lithic.cards.create({ type: 'VIRTUAL' });
        const theirCharge = await charge(sandbox, other.apiKey, theirs.pan!, 100);
        const newer = await me.lithic.cards.create({ type: 'VIRTUAL' });
        await charge(sandbox, me.apiKey, newer.pan!, 100);
        const theirEvent = (await other.lithic.events.list({ page_size: 1 })).data[0];
        const lists = [
          ['/v1/cards', theirs.token],
          ['/v1/transactions', theirCharge.body.token as string],
          ['/v1/events', theirEvent.token],
        ];
        for (const [path, foreign] of lists) {
          const list = async (token: string) => {
            const response = await fetch(`${sandbox.url}${path}?${cursor}=${token}`, {
              headers: { authorization: me.apiKey },
            });
            const { debugging_request_id: _, ...body } = (await response.json()) as Record<string, unknown>;
            return { path, status: response.status, body };
          };
          expect(await list(foreign)).toEqual(await list(unknownLike(foreign)));
        }
      },
    );

    it('gives two accounts created in parallel only their own cards, transactions and events', async () => {
      const [a, b] = await Promise.all([isolated(), isolated()]);
      expect(a.accountToken).not.toBe(b.accountToken);
      const [cardA, cardB] = await Promise.all([
        a.lithic.cards.create({ type: 'VIRTUAL', memo: 'A' }),
        b.lithic.cards.create({ type: 'VIRTUAL', memo: 'B' }),
      ]);
      await charge(sandbox, a.apiKey, cardA.pan!, 100);
      await charge(sandbox, b.apiKey, cardB.pan!, 200);
      for (const [me, mine, theirs] of [
        [a, cardA, cardB],
        [b, cardB, cardA],
      ] as const) {
        const cards = [];
        for await (const card of me.lithic.cards.list()) cards.push(card.token);
        expect(cards).toEqual([mine.token]);
        const transactions = [];
        for await (const t of me.lithic.transactions.list()) transactions.push(t.card_token);
        expect(transactions).toEqual([mine.token]);
        const events = [];
        for await (const event of me.lithic.events.list()) events.push(event);
        expect(events.map((e) => e.event_type).sort()).toEqual(['card.created', 'card_transaction.updated']);
        expect(JSON.stringify(events)).not.toContain(theirs.token);
        await expect(me.lithic.cards.retrieve(theirs.token)).rejects.toMatchObject({ status: 404 });
      }
    });

    it('deletes an account with all its data; its key stops working', async () => {
      const account = await isolated();
      await account.lithic.cards.create({ type: 'VIRTUAL' });
      await account.delete();
      await expect(account.lithic.cards.list()).rejects.toMatchObject({ status: 401 });
      const rows = await sandbox.database.dataSource.query(
        'SELECT count(*)::int AS n FROM cards WHERE account_token = $1',
        [account.accountToken],
      );
      expect(rows[0].n).toBe(0);
    });

    it("refuses to delete another account: it answers 404, as for any other account's token", async () => {
      const [a, b] = await Promise.all([isolated(), isolated()]);
      const response = await fetch(`${sandbox.url}/sandbox/accounts/${b.accountToken}`, {
        method: 'DELETE',
        headers: { authorization: a.apiKey },
      });
      expect(response.status).toBe(404);
      expect((await b.lithic.cards.list()).data).toEqual([]);
    });

    it('needs a valid key to create an account', async () => {
      const response = await fetch(`${sandbox.url}/sandbox/accounts`, {
        method: 'POST',
        headers: { authorization: 'nope-nope' },
      });
      expect(response.status).toBe(401);
    });
  });

  describe('reset', () => {
    it("deletes the caller's cards and transactions and keeps the account and its key", async () => {
      const account = await isolated();
      const card = await account.lithic.cards.create({ type: 'SINGLE_USE' });
      await charge(sandbox, account.apiKey, card.pan!, 100);
      await account.reset();
      expect((await account.lithic.cards.list()).data).toEqual([]);
      expect((await account.lithic.transactions.list()).data).toEqual([]);
      expect((await account.lithic.accounts.retrieve(account.accountToken)).token).toBe(account.accountToken);
    });
  });

  describe('the clock', () => {
    it('starts at real time and moves forward by seconds or by an ISO-8601 duration', async () => {
      const account = await isolated();
      const start = await account.clock();
      expect(Math.abs(new Date(start.now).getTime() - Date.now())).toBeLessThan(5_000);
      expect(start.offset_seconds).toBe(0);
      expect((await account.advanceClock({ seconds: 3600 })).offset_seconds).toBe(3600);
      const later = await account.advanceClock({ duration: 'P1D' });
      expect(later.offset_seconds).toBe(3600 + 86_400);
      const card = await account.lithic.cards.create({ type: 'VIRTUAL' });
      expect(Math.abs(new Date(card.created).getTime() - new Date(later.now).getTime())).toBeLessThan(5_000);
    });

    it('approves $400 on a $500 monthly card again once 32 days have passed', async () => {
      const account = await isolated();
      const card = await account.lithic.cards.create({
        type: 'VIRTUAL',
        spend_limit: 50_000,
        spend_limit_duration: 'MONTHLY',
      });
      expect((await charge(sandbox, account.apiKey, card.pan!, 40_000)).status).toBe(201);
      const over = await charge(sandbox, account.apiKey, card.pan!, 40_000);
      expect(over.status).toBe(422);
      await account.advanceClock({ duration: 'P32D' });
      expect((await charge(sandbox, account.apiKey, card.pan!, 40_000)).status).toBe(201);
    });

    it('declines a card expiring 01/2027 with CARD_EXPIRED once the clock passes the end of January 2027', async () => {
      const account = await isolated();
      const card = await account.lithic.cards.create({ type: 'VIRTUAL', exp_month: '01', exp_year: '2027' });
      const { now } = await account.clock();
      const endOfJanuary = Date.UTC(2027, 1, 1) - 1;
      const before = Math.floor((endOfJanuary - new Date(now).getTime()) / 1000) - 60;
      await account.advanceClock({ seconds: before });
      expect((await charge(sandbox, account.apiKey, card.pan!, 100)).status).toBe(201);
      await account.advanceClock({ seconds: 120 });
      const declined = await charge(sandbox, account.apiKey, card.pan!, 100);
      expect(declined.status).toBe(422);
      const transaction = await account.lithic.transactions.retrieve(declined.body.token as string);
      expect(transaction.result).toBe('INVALID_CARD_DETAILS');
      expect(transaction.events?.[0].detailed_results).toEqual(['CARD_EXPIRED']);
    });

    it('expires a pending authorization after 8 days and stops counting it against the limit', async () => {
      const account = await isolated();
      const card = await account.lithic.cards.create({
        type: 'VIRTUAL',
        spend_limit: 50_000,
        spend_limit_duration: 'FOREVER',
      });
      const held = await charge(sandbox, account.apiKey, card.pan!, 40_000);
      expect(held.status).toBe(201);
      expect((await charge(sandbox, account.apiKey, card.pan!, 40_000)).status).toBe(422);
      await account.advanceClock({ duration: 'P8D' });
      const expired = await account.lithic.transactions.retrieve(held.body.token as string);
      expect(expired.status).toBe('EXPIRED');
      expect(expired.events?.map((e: { type: string }) => e.type)).toEqual([
        'AUTHORIZATION',
        'AUTHORIZATION_EXPIRY',
      ]);
      expect(expired.amounts.hold.amount).toBe(0);
      expect((await charge(sandbox, account.apiKey, card.pan!, 40_000)).status).toBe(201);
    });

    it('keeps an authorization pending until its expiry day', async () => {
      const account = await isolated();
      const card = await account.lithic.cards.create({ type: 'VIRTUAL' });
      const held = await charge(sandbox, account.apiKey, card.pan!, 100);
      await account.advanceClock({ duration: 'P6D' });
      expect((await account.lithic.transactions.retrieve(held.body.token as string)).status).toBe('PENDING');
    });

    it.each([
      [{ seconds: -60 }, /^seconds must not be less than 1/],
      [{ seconds: 0 }, /^seconds must not be less than 1/],
      [{ seconds: 'soon' }, /seconds must be an integer/],
      [{ duration: 'yesterday' }, /^duration must be an ISO-8601 duration/],
      [{ duration: '-P1D' }, /^duration must be an ISO-8601 duration/],
      [{ duration: 'P0D' }, /^duration must move the clock forward/],
      [{}, /exactly one of seconds or duration/],
      [{ seconds: 10, duration: 'P1D' }, /exactly one of seconds or duration/],
    ])('refuses to move the clock with %j, naming the field', async (body, message) => {
      const account = await isolated();
      const response = await post(sandbox.url, account.apiKey, '/sandbox/clock/advance', body);
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(message);
      expect((await account.clock()).offset_seconds).toBe(0);
    });

    it('caps the clock at 100 years ahead: P8000Y is a 400 naming the field, and the account still works', async () => {
      const account = await isolated();
      const refused = await post(sandbox.url, account.apiKey, '/sandbox/clock/advance', {
        duration: 'P8000Y',
      });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toMatch(/^duration would put the sandbox clock more than 100 years ahead/);
      expect((await account.clock()).offset_seconds).toBe(0);
      // Up to the cap in steps, then one more second is refused the same way.
      await account.advanceClock({ duration: 'P36500D' });
      const past = await post(sandbox.url, account.apiKey, '/sandbox/clock/advance', { duration: 'P26D' });
      expect(past.status).toBe(400);
      expect(past.body.message).toMatch(/^duration would put the sandbox clock/);
      const bySeconds = await post(sandbox.url, account.apiKey, '/sandbox/clock/advance', {
        seconds: 26 * 86_400,
      });
      expect(bySeconds.body.message).toMatch(/^seconds would put the sandbox clock/);
      expect((await account.clock()).offset_seconds).toBe(36_500 * 86_400);
      const card = await account.lithic.cards.create({ type: 'VIRTUAL' });
      expect((await charge(sandbox, account.apiKey, card.pan!, 100)).status).toBe(201);
    });
  });
});

describe('reproducible data with SANDBOX_SEED', () => {
  // A seed reproduces data on a fresh database, so each run gets a new throw-away one.
  async function pansOfFreshRun(seed: string | undefined) {
    const sandbox = await startSandbox({ database: 'embedded', env: { SANDBOX_SEED: seed } });
    try {
      const { client } = await sandbox.newAccount();
      const cards = [];
      for (const type of ['VIRTUAL', 'SINGLE_USE', 'MERCHANT_LOCKED'] as const)
        cards.push(await client.cards.create({ type }));
      return cards.map((c) => `${c.pan} ${c.cvv} ${c.exp_month}/${c.exp_year}`);
    } finally {
      await sandbox.close();
    }
  }

  it('issues the same PANs, CVVs and expiries in two fresh runs with the same seed', async () => {
    const first = await pansOfFreshRun('my-test-suite');
    expect(await pansOfFreshRun('my-test-suite')).toEqual(first);
    expect(await pansOfFreshRun('another-seed')).not.toEqual(first);
  });

  it('issues different PANs in two fresh runs without a seed', async () => {
    expect(await pansOfFreshRun(undefined)).not.toEqual(await pansOfFreshRun(undefined));
  });
});

describe('SANDBOX_ADMIN_KEY', () => {
  const sandbox = useSandbox({ env: { SANDBOX_ADMIN_KEY: 'admin-key-for-tests' } });

  it('is then the only key that may create accounts', async () => {
    const { apiKey } = await sandbox.newAccount();
    const refused = await fetch(`${sandbox.url}/sandbox/accounts`, {
      method: 'POST',
      headers: { authorization: apiKey },
    });
    expect(refused.status).toBe(401);
    const account = await createSandboxAccount({ baseURL: sandbox.url, apiKey: 'admin-key-for-tests' });
    expect((await sandbox.client(account.apiKey).cards.list()).data).toEqual([]);
  });
});
