import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
// @ts-expect-error: a plain .mjs script of the benchmark, without types
import { seedHistory } from '../scripts/bench/history.mjs';
import { POSTGRES_URL, startSandbox, type TestSandbox } from './support/sandbox.js';

/**
 * The benchmark's history seeding (scripts/bench/history.mjs) on a card whose account already has
 * counters: the bench seeds 10k and then 100k rows on cards of one account that has been charged,
 * so the buckets it writes may already exist. It must add to them, as a charge does.
 * PostgreSQL only: the benchmark runs there.
 */
const DATABASE_URL = Object.assign(new URL(POSTGRES_URL), { pathname: '/card_sandbox_bench_history' }).href;

describe('the benchmark seeds history into counters that already exist', () => {
  let sandbox: TestSandbox;
  let client: pg.Client;

  beforeAll(async () => {
    sandbox = await startSandbox({ database: 'postgres', databaseUrl: DATABASE_URL });
    client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await sandbox?.close();
  });

  it('adds each seeding to the card and account buckets a charge already wrote', async () => {
    const account = await sandbox.newAccount();
    // Read once, so the account keeps its counters (a new one keeps none until then).
    await account.client.accounts.retrieveSpendLimits(account.accountToken);
    const card = await account.client.cards.create({ type: 'VIRTUAL' });
    const charge = await account.client.transactions.simulateAuthorization({
      pan: card.pan!,
      amount: 700,
      descriptor: 'COFFEE',
      mcc: '5999',
    });
    expect(charge.token).toBeDefined();

    // Twice on one card: the second finds every bucket the first wrote.
    await seedHistory(client, card.token, 40);
    await seedHistory(client, card.token, 25);

    const lifetime = async (table: string, owner: string, token: string) => {
      const { rows } = await client.query(
        `SELECT SUM(count)::int AS count, SUM(amount)::int AS amount FROM ${table}
         WHERE ${owner} = $1 AND span = 'LIFETIME'`,
        [token],
      );
      return rows[0] as { count: number; amount: number };
    };
    const expected = { count: 1 + 40 + 25, amount: 700 + 40 + 25 };
    expect(await lifetime('card_velocity_counters', 'card_token', card.token)).toEqual(expected);
    expect(await lifetime('account_velocity_counters', 'account_token', account.accountToken)).toEqual(
      expected,
    );
  });

  it('adds nothing to the counters of an account that keeps none', async () => {
    const account = await sandbox.newAccount();
    const card = await account.client.cards.create({ type: 'VIRTUAL' });

    await seedHistory(client, card.token, 10);

    const { rows } = await client.query(
      `SELECT (SELECT count(*)::int FROM account_velocity_counters WHERE account_token = $1) AS account_rows,
         (SELECT SUM(count)::int FROM card_velocity_counters WHERE card_token = $2 AND span = 'LIFETIME') AS card_count`,
      [account.accountToken, card.token],
    );
    expect(rows[0]).toEqual({ account_rows: 0, card_count: 10 });
  });
});
