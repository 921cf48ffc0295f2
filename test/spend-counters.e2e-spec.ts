import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  accountWindowStarts,
  bucketDay,
  bucketHour,
  cardWindowStart,
  windowRead,
  windowUsage,
  type SpendLimitDuration,
} from '#domain';
import { AuthRulesRepository, TransactionsRepository, UnitOfWork } from '#persistence';
import { AccountCountsSpend1796084000000 } from '../libs/persistence/src/migrations/1796084000000-account-counts-spend.js';
import { DropSpendCounters1796080000000 } from '../libs/persistence/src/migrations/1796080000000-drop-spend-counters.js';
import { VelocityCounters1796076835203 } from '../libs/persistence/src/migrations/1796076835203-velocity-counters.js';
import { POSTGRES_URL, SLOW_MS, startSandbox, testDatabase, type TestSandbox } from './support/sandbox.js';

/**
 * The spend counters against the sum they replace: after any sequence of charges and network
 * messages (and clock moves, which expire old holds), every day bucket and lifetime row equals a
 * recount of the transactions, and every window read from them equals the old SUM over history.
 */
type Step =
  | { kind: 'authorize'; card: number; amount: number; merchant: number }
  | { kind: 'clear'; pick: number; part: number | null }
  | { kind: 'void'; pick: number; part: number | null }
  | { kind: 'expire'; pick: number }
  | { kind: 'advice'; pick: number; amount: number }
  | { kind: 'return'; card: number; amount: number }
  | { kind: 'return_reversal'; pick: number }
  | { kind: 'advance'; seconds: number }
  | { kind: 'count' };

const amount = fc.integer({ min: 1, max: 9000 });
/** Merchant categories and countries the velocity counters are kept by (6011 is cash). */
const MERCHANTS = [
  { mcc: '5812', merchant_acceptor_country: 'USA' },
  { mcc: '6011', merchant_acceptor_country: 'USA' },
  { mcc: '5812', merchant_acceptor_country: 'CAN' },
] as const;
const pick = fc.nat({ max: 1000 });
const part = fc.option(fc.double({ min: 0.05, max: 1.5, noNaN: true }), { nil: null });
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('authorize' as const),
      card: fc.nat({ max: 1 }),
      amount,
      merchant: fc.nat({ max: MERCHANTS.length - 1 }),
    }),
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
  // The account starts keeping its counters (the first read of them builds them from its transactions).
  { weight: 1, arbitrary: fc.constant({ kind: 'count' as const }) },
  // Minutes to hours: transactions of one day fall in several hour buckets.
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('advance' as const),
      seconds: fc.integer({ min: 60, max: 6 * 3600 }),
    }),
  },
);

describe(`spend counters on the ${testDatabase()} database`, () => {
  let sandbox: TestSandbox;
  let transactions: TransactionsRepository;
  let authRules: AuthRulesRepository;
  let db: UnitOfWork;
  const sql = <R>(text: string, values: unknown[]) =>
    sandbox.database.dataSource.query(text, values) as Promise<R[]>;

  beforeAll(async () => {
    sandbox = await startSandbox();
    transactions = sandbox.app.get(TransactionsRepository, { strict: false });
    authRules = sandbox.app.get(AuthRulesRepository, { strict: false });
    db = sandbox.app.get(UnitOfWork, { strict: false });
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

  /** GET /v1/accounts/{token}/spend_limits, the read that makes an account keep its counters. */
  async function readSpendLimits(apiKey: string, accountToken: string): Promise<void> {
    const response = await fetch(`${sandbox.url}/v1/accounts/${accountToken}/spend_limits`, {
      headers: { authorization: apiKey },
    });
    if (response.status !== 200) throw new Error(`spend_limits answered ${response.status}`);
  }

  async function accountCounterRows(accountToken: string): Promise<number> {
    const [row] = await sql<{ n: string }>(
      'SELECT count(*) AS n FROM account_velocity_counters WHERE account_token = $1',
      [accountToken],
    );
    return Number(row.n);
  }

  async function run(
    apiKey: string,
    accountToken: string,
    pans: string[],
    tokens: string[],
    s: Step,
  ): Promise<void> {
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
          ...(s.kind === 'authorize' && MERCHANTS[s.merchant]),
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
      case 'count':
        await readSpendLimits(apiKey, accountToken);
        return;
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

  /** Each velocity bucket (an account's stripes summed) against a recount of its transactions. */
  async function expectVelocityCountersMatch(owner: 'card' | 'account', token: string): Promise<void> {
    const stored = await sql<Record<string, string>>(
      `SELECT span, at, mcc, country, SUM(count)::text AS count, SUM(amount)::text AS amount
       FROM ${owner}_velocity_counters WHERE ${owner}_token = $1
       GROUP BY 1, 2, 3, 4 HAVING SUM(count) <> 0 OR SUM(amount) <> 0 ORDER BY 1, 2, 3, 4`,
      [token],
    );
    const recounted = await sql<Record<string, string>>(
      `WITH counted AS (SELECT * FROM transactions
         WHERE ${owner}_token = $1 AND polarity = 'DEBIT' AND pending_amount + settled_amount > 0),
       buckets AS (
         SELECT 'DAY' AS span, date_trunc('day', created AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS at, * FROM counted
         UNION ALL SELECT 'HOUR', date_trunc('hour', created AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', * FROM counted
         UNION ALL SELECT 'LIFETIME', 'infinity', * FROM counted)
       SELECT span, at, mcc, merchant_country AS country, count(*)::text AS count,
         SUM(pending_amount + settled_amount)::text AS amount
       FROM buckets GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      [token],
    );
    expect(stored).toEqual(recounted);
  }

  /** Velocity windows read from the counters, with and without filters, against a SUM over history. */
  async function expectVelocityMatch(
    owner: 'card' | 'account',
    token: string,
    starts: Date[],
  ): Promise<void> {
    const filterSets = [
      { includeMccs: null, excludeMccs: null, includeCountries: null, excludeCountries: null },
      { includeMccs: ['6011'], excludeMccs: null, includeCountries: null, excludeCountries: null },
      { includeMccs: null, excludeMccs: ['6011'], includeCountries: null, excludeCountries: ['CAN'] },
      { includeMccs: null, excludeMccs: null, includeCountries: ['CAN'], excludeCountries: null },
    ];
    for (const start of starts)
      for (const filters of filterSets) {
        const read = await authRules.velocity(db.autocommit, [
          { ruleToken: 'r', owner, ownerToken: token, read: windowRead(start), ...filters },
        ]);
        const [row] = await sql<Record<string, string>>(
          `SELECT count(*) AS count, COALESCE(SUM(pending_amount + settled_amount), 0) AS amount,
             count(*) FILTER (WHERE mcc IN ('6010', '6011')) AS cash_count,
             COALESCE(SUM(pending_amount + settled_amount) FILTER (WHERE mcc IN ('6010', '6011')), 0) AS cash_amount
           FROM transactions WHERE ${owner}_token = $1 AND polarity = 'DEBIT' AND pending_amount + settled_amount > 0
             AND created >= $2 AND ($3::varchar[] IS NULL OR mcc = ANY($3)) AND ($4::varchar[] IS NULL OR NOT mcc = ANY($4))
             AND ($5::varchar[] IS NULL OR merchant_country = ANY($5))
             AND ($6::varchar[] IS NULL OR NOT merchant_country = ANY($6))`,
          [
            token,
            start,
            filters.includeMccs,
            filters.excludeMccs,
            filters.includeCountries,
            filters.excludeCountries,
          ],
        );
        const recounted = {
          count: Number(row.count),
          amount: Number(row.amount),
          cashCount: Number(row.cash_count),
          cashAmount: Number(row.cash_amount),
        };
        expect({ start, filters, used: read.r }).toEqual({ start, filters, used: recounted });
      }
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
              account.accountToken,
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
          // Window starts on and around every transaction, its hour (whole, early in it, so the edge is
          // taken away from the hour's bucket, and late in it) and its day's midnight, and today's windows.
          const starts = created.flatMap(({ created: c }) => [
            c,
            new Date(c.getTime() + 1),
            bucketHour(c),
            new Date(bucketHour(c).getTime() + 1),
            new Date(bucketHour(c).getTime() + 1_800_000),
            new Date(bucketHour(c).getTime() + 3_600_000 - 1),
            new Date(`${bucketDay(c)}T00:00:00.000Z`),
          ]);
          const durations: SpendLimitDuration[] = ['MONTHLY', 'ANNUALLY', 'FOREVER'];
          starts.push(
            ...durations.map((d) => cardWindowStart(d, now)!),
            ...Object.values(accountWindowStarts(now)),
          );

          for (const card of cards) {
            await expectWindowsMatch('card', card.token, starts);
            await expectVelocityCountersMatch('card', card.token);
            await expectVelocityMatch('card', card.token, starts);
          }
          // An account keeps no counters until something reads them (a 'count' step, or this read).
          const counting = steps.some((st) => st.kind === 'count');
          if (!counting) expect(await accountCounterRows(account.accountToken)).toBe(0);
          await readSpendLimits(account.apiKey, account.accountToken);
          await expectWindowsMatch('account', account.accountToken, starts);
          await expectVelocityCountersMatch('account', account.accountToken);
          await expectVelocityMatch('account', account.accountToken, starts);
        }),
        { numRuns: 30 },
      );
    },
    5 * SLOW_MS,
  );

  it(
    'count every charge once when the account starts keeping its counters while charges run',
    async () => {
      const account = await sandbox.newAccount();
      const cards = await Promise.all(
        Array.from({ length: 8 }, () => account.client.cards.create({ type: 'VIRTUAL' })),
      );
      let charged = 0;
      const charge = async (i: number) => {
        const { token } = await post(account.apiKey, '/v1/simulate/authorize', {
          amount: 100 + i,
          descriptor: 'RACE SHOP',
          pan: cards[i % cards.length].pan,
          ...MERCHANTS[i % MERCHANTS.length],
        });
        if (!token) throw new Error('a charge stored no transaction');
        charged += 1;
      };
      // Eight lanes of charges; the first read of the account's counters comes while they run.
      const lanes = Array.from({ length: 8 }, async (_, lane) => {
        for (let i = lane; i < 240; i += 8) await charge(i);
      });
      while (charged < 60) await new Promise((resolve) => setTimeout(resolve, 5));
      await readSpendLimits(account.apiKey, account.accountToken);
      const countedWhile = charged;
      await Promise.all(lanes);
      expect(countedWhile).toBeLessThan(240);
      await expectVelocityCountersMatch('account', account.accountToken);
    },
    SLOW_MS,
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

  it('build the counters of the transactions already there, with the amounts the spend counters had', async () => {
    const { apiKey, accountToken, client } = await sandbox.newAccount();
    // An account keeps its counters once they are read (as every account did when these ran).
    await client.accounts.retrieveSpendLimits(accountToken);
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
        `SELECT 'card velocity ' || span || ' ' || count AS owner, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24') AS day,
           amount
         FROM card_velocity_counters WHERE card_token = $1 AND count <> 0
         UNION ALL
         SELECT 'account velocity ' || span || ' ' || count, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24'), amount
         FROM account_velocity_counters WHERE account_token = $2 AND count <> 0
         ORDER BY 1, 2`,
        [card.token, accountToken],
      ) as Promise<{ owner: string; day: string; amount: string }[]>;
    const kept = await counters();
    // 400 settled on the first day; 200 held and 50 held two days later (the return is a credit).
    // Velocity: the cleared charge and the partly voided one on their days and hours, and all three.
    expect(
      kept.filter((c) => c.owner.startsWith('card velocity')).map((c) => [c.owner, Number(c.amount)]),
    ).toEqual([
      ['card velocity DAY 1', 400],
      ['card velocity DAY 2', 250],
      ['card velocity HOUR 1', 400],
      ['card velocity HOUR 2', 250],
      ['card velocity LIFETIME 3', 650],
    ]);

    // The spend counters' day and hour buckets, as their migrations build them, to compare with the
    // velocity counters' that replace them. Read on the migrations' connection: the embedded
    // database has no other while it is held.
    const runner = sandbox.database.dataSource.createQueryRunner();
    const spendBuckets = () =>
      runner.query(
        `SELECT 'card day' AS level, to_char(day, 'YYYY-MM-DD') AS bucket, amount::int FROM card_spend_counters
           WHERE card_token = $1 AND day < 'infinity'
         UNION ALL SELECT 'card lifetime', '', amount::int FROM card_spend_counters WHERE card_token = $1 AND day = 'infinity'
         UNION ALL SELECT 'card hour', to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24'), amount::int
           FROM card_spend_hours WHERE card_token = $1
         UNION ALL SELECT 'account day', to_char(day, 'YYYY-MM-DD'), SUM(amount)::int FROM account_spend_counters
           WHERE account_token = $2 AND day < 'infinity' GROUP BY day
         UNION ALL SELECT 'account hour', to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24'), SUM(amount)::int
           FROM account_spend_hours WHERE account_token = $2 GROUP BY hour
         ORDER BY 1, 2`,
        [card.token, accountToken],
      ) as Promise<{ level: string; bucket: string; amount: number }[]>;
    const velocityBuckets = () =>
      runner.query(
        `SELECT 'card ' || lower(span) AS level, CASE span WHEN 'DAY' THEN to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD')
             WHEN 'HOUR' THEN to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24') ELSE '' END AS bucket, SUM(amount)::int AS amount
           FROM card_velocity_counters WHERE card_token = $1 GROUP BY span, at
         UNION ALL SELECT 'account ' || lower(span), CASE span WHEN 'DAY' THEN to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD')
             WHEN 'HOUR' THEN to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24') ELSE '' END, SUM(amount)::int
           FROM account_velocity_counters WHERE account_token = $2 AND span <> 'LIFETIME' GROUP BY span, at
         ORDER BY 1, 2`,
        [card.token, accountToken],
      ) as Promise<{ level: string; bucket: string; amount: number }[]>;

    try {
      const dropSpendCounters = new DropSpendCounters1796080000000();
      await dropSpendCounters.down(runner);
      // The velocity counters hold every amount the spend counters did, in the same buckets.
      const spend = await spendBuckets();
      expect(spend.filter((b) => b.level === 'card day').map((b) => b.amount)).toEqual([400, 250]);
      expect(await velocityBuckets()).toEqual(spend);
      await dropSpendCounters.up(runner);
      const velocityCounters = new VelocityCounters1796076835203();
      await velocityCounters.down(runner);
      await velocityCounters.up(runner);
    } finally {
      await runner.release();
    }
    expect(await counters()).toEqual(kept);
  });
  it('keep the counters of the accounts already there, and build them back on the way down', async () => {
    const kept = await sandbox.newAccount();
    await kept.client.accounts.retrieveSpendLimits(kept.accountToken);
    const lazy = await sandbox.newAccount();
    for (const { client } of [kept, lazy]) {
      const card = await client.cards.create({ type: 'VIRTUAL' });
      await client.transactions.simulateAuthorization({ amount: 1200, descriptor: 'SHOP', pan: card.pan! });
      await client.transactions.simulateAuthorization({ amount: 34, descriptor: 'SHOP', pan: card.pan! });
    }
    const runner = sandbox.database.dataSource.createQueryRunner();
    const lifetime = (accountToken: string) =>
      runner.query(
        `SELECT COALESCE(SUM(amount), 0)::int AS amount, COALESCE(SUM(count), 0)::int AS count
         FROM account_velocity_counters WHERE account_token = $1 AND span = 'LIFETIME'`,
        [accountToken],
      ) as Promise<{ amount: number; count: number }[]>;
    const counting = async (accountToken: string) =>
      (
        (await runner.query('SELECT counts_spend FROM accounts WHERE token = $1', [accountToken])) as {
          counts_spend: boolean;
        }[]
      )[0].counts_spend;
    try {
      expect(await lifetime(kept.accountToken)).toEqual([{ amount: 1234, count: 2 }]);
      expect(await lifetime(lazy.accountToken)).toEqual([{ amount: 0, count: 0 }]);
      const migration = new AccountCountsSpend1796084000000();
      await migration.down(runner);
      // Down: every account has its counters, as before the flag.
      expect(await lifetime(kept.accountToken)).toEqual([{ amount: 1234, count: 2 }]);
      expect(await lifetime(lazy.accountToken)).toEqual([{ amount: 1234, count: 2 }]);
      await migration.up(runner);
      // Up: the accounts already there keep theirs.
      expect([await counting(kept.accountToken), await counting(lazy.accountToken)]).toEqual([true, true]);
    } finally {
      await runner.release();
    }
    // A new one starts without.
    const fresh = await sandbox.newAccount();
    const [row] = (await sandbox.database.dataSource.query(
      'SELECT counts_spend FROM accounts WHERE token = $1',
      [fresh.accountToken],
    )) as { counts_spend: boolean }[];
    expect(row.counts_spend).toBe(false);
  });
});
