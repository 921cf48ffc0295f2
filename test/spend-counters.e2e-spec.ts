import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  accountWindowStarts,
  bucketDay,
  cardWindowStart,
  windowRead,
  windowUsage,
  type SpendLimitDuration,
} from '#domain';
import { TransactionsRepository } from '#persistence';
import { SpendCounters1796056516115 } from '../libs/persistence/src/migrations/1796056516115-spend-counters.js';
import { POSTGRES_URL, SLOW_MS, startSandbox, testDatabase, type TestSandbox } from './support/sandbox.js';

/**
 * The spend counters against the sum they replace: after any sequence of charges and network
 * messages (and clock moves, which expire old holds), every day bucket and lifetime row equals a
 * recount of the transactions, and every window read from them equals the old SUM over history.
 */
type Step =
  | { kind: 'authorize'; card: number; amount: number }
  | { kind: 'clear'; pick: number; part: number | null }
  | { kind: 'void'; pick: number; part: number | null }
  | { kind: 'expire'; pick: number }
  | { kind: 'advice'; pick: number; amount: number }
  | { kind: 'return'; card: number; amount: number }
  | { kind: 'return_reversal'; pick: number }
  | { kind: 'advance'; seconds: number };

const amount = fc.integer({ min: 1, max: 9000 });
const pick = fc.nat({ max: 1000 });
const part = fc.option(fc.double({ min: 0.05, max: 1.5, noNaN: true }), { nil: null });
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('authorize' as const), card: fc.nat({ max: 1 }), amount }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('clear' as const), pick, part }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('void' as const), pick, part }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expire' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('advice' as const), pick, amount }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('return' as const), card: fc.nat({ max: 1 }), amount }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('return_reversal' as const), pick }) },
  // From a few minutes to six weeks: buckets span days, windows roll over, holds expire.
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      seconds: fc.integer({ min: 60, max: 42 * 86400 }),
    }),
  },
);

describe(`spend counters on the ${testDatabase()} database`, () => {
  let sandbox: TestSandbox;
  let transactions: TransactionsRepository;
  const sql = <R>(text: string, values: unknown[]) =>
    sandbox.database.dataSource.query(text, values) as Promise<R[]>;

  beforeAll(async () => {
    sandbox = await startSandbox();
    transactions = sandbox.app.get(TransactionsRepository, { strict: false });
  }, SLOW_MS);
  afterAll(async () => {
    await sandbox?.close();
  }, SLOW_MS);

  async function post(
    apiKey: string,
    path: string,
    body: object,
  ): Promise<{ status: number; token?: string }> {
    const response = await fetch(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: { authorization: apiKey, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await response.json().catch(() => ({}))) as { token?: string };
    // A message the transaction's state refuses is a 4xx; anything else would be a defect.
    if (response.status >= 500)
      throw new Error(`${path} answered ${response.status}: ${JSON.stringify(json)}`);
    return { status: response.status, token: json.token };
  }

  async function run(apiKey: string, pans: string[], tokens: string[], s: Step): Promise<void> {
    const target = () => tokens[s.kind !== 'authorize' && 'pick' in s ? s.pick % tokens.length : 0];
    const partOf = async (token: string, p: number | null) => {
      if (p === null) return {};
      const [row] = await sql<{ pending_amount: string }>(
        'SELECT pending_amount FROM transactions WHERE token = $1',
        [token],
      );
      return { amount: Math.max(1, Math.round(Number(row?.pending_amount ?? 1) * p)) };
    };
    switch (s.kind) {
      case 'authorize':
      case 'return': {
        const path = s.kind === 'authorize' ? '/v1/simulate/authorize' : '/v1/simulate/return';
        const { status, token } = await post(apiKey, path, {
          amount: s.amount,
          descriptor: 'PROPERTY SHOP',
          pan: pans[s.card],
        });
        // Approved (201) or declined over the limit (422): both store a transaction.
        if (!token) throw new Error(`${path} stored no transaction (${status})`);
        tokens.push(token);
        return;
      }
      case 'advance': {
        const { status } = await post(apiKey, '/sandbox/clock/advance', { seconds: s.seconds });
        if (status >= 300) throw new Error(`the clock did not move (${status})`);
        return;
      }
      default:
        if (tokens.length === 0) return;
    }
    const token = target();
    switch (s.kind) {
      case 'clear':
        await post(apiKey, '/v1/simulate/clearing', { token, ...(await partOf(token, s.part)) });
        return;
      case 'void':
        await post(apiKey, '/v1/simulate/void', { token, ...(await partOf(token, s.part)) });
        return;
      case 'expire':
        await post(apiKey, '/v1/simulate/void', { token, type: 'AUTHORIZATION_EXPIRY' });
        return;
      case 'advice':
        await post(apiKey, '/v1/simulate/authorization_advice', { token, amount: s.amount });
        return;
      case 'return_reversal':
        await post(apiKey, '/v1/simulate/return_reversal', { token });
        return;
    }
  }

  /** The old definition of usage: a SUM over every counted transaction created since `start`. */
  async function recount(owner: 'card' | 'account', token: string, start: Date): Promise<number> {
    const [row] = await sql<{ used: string }>(
      `SELECT COALESCE(SUM(pending_amount + settled_amount), 0) AS used FROM transactions
       WHERE ${owner}_token = $1 AND polarity = 'DEBIT' AND created >= $2`,
      [token, start],
    );
    return Number(row.used);
  }

  async function expectCountersMatch(owner: 'card' | 'account', token: string): Promise<void> {
    const stored = await sql<{ day: string; amount: string }>(
      // An account's day is split in stripes; their sum is the day's.
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, SUM(amount) AS amount FROM ${owner}_spend_counters
       WHERE ${owner}_token = $1 AND day < 'infinity' GROUP BY day HAVING SUM(amount) <> 0 ORDER BY day`,
      [token],
    );
    const recounted = await sql<{ day: string; amount: string }>(
      `SELECT to_char((created AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, SUM(pending_amount + settled_amount) AS amount
       FROM transactions WHERE ${owner}_token = $1 AND polarity = 'DEBIT'
       GROUP BY 1 HAVING SUM(pending_amount + settled_amount) <> 0 ORDER BY 1`,
      [token],
    );
    const asNumbers = (rows: { day: string; amount: string }[]) => rows.map((r) => [r.day, Number(r.amount)]);
    expect(asNumbers(stored)).toEqual(asNumbers(recounted));
  }

  async function expectWindowsMatch(owner: 'card' | 'account', token: string, starts: Date[]): Promise<void> {
    const scope = owner === 'card' ? { cardToken: token } : { accountToken: token };
    for (const start of starts) {
      const read = windowRead(start);
      const used = windowUsage(read, await transactions.windowSums(scope, read));
      expect({ start, used }).toEqual({ start, used: await recount(owner, token, start) });
    }
  }

  it(
    'agree with a recount of the transactions after any sequence of charges, messages and clock moves',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 20 }), async (steps) => {
          const account = await sandbox.newAccount();
          const monthly = await account.client.cards.create({
            type: 'VIRTUAL',
            spend_limit: 20_000,
            spend_limit_duration: 'MONTHLY',
          });
          const plain = await account.client.cards.create({ type: 'VIRTUAL' });
          const cards = [monthly, plain];
          const tokens: string[] = [];
          for (const s of steps)
            await run(
              account.apiKey,
              cards.map((c) => c.pan!),
              tokens,
              s,
            );

          const [{ offset }] = await sql<{ offset: string }>(
            'SELECT clock_offset_ms AS offset FROM accounts WHERE token = $1',
            [account.accountToken],
          );
          const now = new Date(Date.now() + Number(offset));
          const created = await sql<{ created: Date }>(
            'SELECT created FROM transactions WHERE account_token = $1',
            [account.accountToken],
          );
          // Window starts on and around every transaction and its day's midnight, and today's windows.
          const starts = created.flatMap(({ created: c }) => [
            c,
            new Date(c.getTime() + 1),
            new Date(`${bucketDay(c)}T00:00:00.000Z`),
          ]);
          const durations: SpendLimitDuration[] = ['MONTHLY', 'ANNUALLY', 'FOREVER'];
          starts.push(
            ...durations.map((d) => cardWindowStart(d, now)!),
            ...Object.values(accountWindowStarts(now)),
          );

          for (const card of cards) {
            await expectCountersMatch('card', card.token);
            await expectWindowsMatch('card', card.token, starts);
          }
          await expectCountersMatch('account', account.accountToken);
          await expectWindowsMatch('account', account.accountToken, starts);
        }),
        { numRuns: 30 },
      );
    },
    5 * SLOW_MS,
  );
});

describe(`the spend counters migration on the ${testDatabase()} database`, () => {
  let sandbox: TestSandbox;
  beforeAll(async () => {
    // A database of its own: the test drops and rebuilds the counter tables.
    sandbox = await startSandbox({ databaseUrl: `${POSTGRES_URL}_counters_migration` });
  }, SLOW_MS);
  afterAll(async () => {
    await sandbox?.close();
  }, SLOW_MS);

  it('builds the counters of the transactions already there', async () => {
    const { apiKey, accountToken, client } = await sandbox.newAccount();
    const card = await client.cards.create({ type: 'VIRTUAL' });
    const charge = (amount: number) =>
      client.transactions.simulateAuthorization({ amount, descriptor: 'OLD SHOP', pan: card.pan! });
    const { token: cleared } = await charge(1000);
    await client.transactions.simulateClearing({ token: cleared!, amount: 400 });
    await fetch(`${sandbox.url}/sandbox/clock/advance`, {
      method: 'POST',
      headers: { authorization: apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ duration: 'P2D' }),
    });
    const { token: voided } = await charge(300);
    await client.transactions.simulateVoid({ token: voided!, amount: 100 });
    await charge(50);
    await client.transactions.simulateReturn({ amount: 700, descriptor: 'OLD SHOP', pan: card.pan! });
    const counters = () =>
      sandbox.database.dataSource.query(
        `SELECT 'card' AS owner, to_char(day, 'YYYY-MM-DD') AS day, amount FROM card_spend_counters WHERE card_token = $1
         UNION ALL
         SELECT 'account', to_char(day, 'YYYY-MM-DD'), amount FROM account_spend_counters WHERE account_token = $2
         ORDER BY 1, 2`,
        [card.token, accountToken],
      ) as Promise<{ owner: string; day: string; amount: string }[]>;
    const kept = await counters();
    // 400 settled on the first day; 200 held and 50 held two days later (the return is a credit).
    expect(kept.filter((c) => c.owner === 'card').map((c) => Number(c.amount))).toEqual([400, 250, 650]);

    const migration = new SpendCounters1796056516115();
    const runner = sandbox.database.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await counters()).toEqual(kept);
  });
});
