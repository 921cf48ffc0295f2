import { describe, expect, it } from '@jest/globals';
import { FIND_CHARGEABLE_BY_PAN_HASH, LOCK_CARD, LOCK_TRANSACTION, lockChargeableSql } from '#persistence';
import { useSandbox } from './support/sandbox.js';

/** Rows of the one account in the table under test. */
const ROWS = 3000;

/** The buffer counts of EXPLAIN's top node (a temporary table's pages are local buffers). */
interface PlanNode {
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  'Local Hit Blocks': number;
  'Local Read Blocks': number;
}
const pagesRead = (plan: PlanNode) =>
  plan['Shared Hit Blocks'] +
  plan['Shared Read Blocks'] +
  plan['Local Hit Blocks'] +
  plan['Local Read Blocks'];

const STATEMENTS = [
  {
    name: 'the card a charge names (by PAN hash)',
    table: 'cards',
    key: 'pan_hash',
    sql: FIND_CHARGEABLE_BY_PAN_HASH,
  },
  { name: 'the card a charge locks', table: 'cards', key: 'token', sql: lockChargeableSql(true) },
  { name: 'a card locked for a change', table: 'cards', key: 'token', sql: LOCK_CARD },
  { name: 'a transaction locked for a message', table: 'transactions', key: 'token', sql: LOCK_TRANSACTION },
] as const;

/**
 * The hot path finds rows by a unique key (a PAN hash, a token) and checks that they are the
 * caller account's. Its statements are prepared once per connection, and go generic after five
 * runs, often on tables never analyzed: a new sandbox's, and always the embedded database's, where
 * no autovacuum runs. There the planner rated the account's index (account_token, created, token)
 * as cheap as the unique key's, took it, and each statement read all the account's rows: 3,011
 * buffers for each charge's card lookup on the benchmark's 3,000 single-use cards.
 *
 * Each statement runs here against a fresh, never-analyzed copy of its table (a temporary table
 * in front of the real one) holding ROWS rows of one account, with the plan forced generic.
 */
describe("finding a row by its unique key reads a few pages, not all of its account's", () => {
  const sandbox = useSandbox();

  it.each(STATEMENTS)('$name, among $table of one account', async ({ table, key, sql }) => {
    const account = await sandbox.newAccount();
    const card = await account.client.cards.create({ type: 'VIRTUAL' });
    const charge = await account.client.transactions.simulateAuthorization({
      amount: 100,
      descriptor: 'PLAN TEST',
      pan: card.pan!,
    });
    const seed = table === 'cards' ? card.token : charge.token!;
    const runner = sandbox.database.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(
        `CREATE TEMPORARY TABLE ${table} (LIKE public.${table} INCLUDING ALL) ON COMMIT DROP`,
      );
      // Copies of the seed row, each with its own unique keys.
      const copy = (rows: number) =>
        runner.query(
          `INSERT INTO pg_temp.${table}
           SELECT (jsonb_populate_record(NULL::pg_temp.${table}, to_jsonb(s) || jsonb_build_object(
             'token', gen_random_uuid(), 'pan_hash', md5(random()::text), 'idempotency_claim', NULL))).*
           FROM public.${table} s, generate_series(1, ${rows}) AS i WHERE s.token = $1`,
          [seed],
        );
      // Planned while the table is small, as the app's connections plan on a new sandbox, and
      // generic, as a prepared statement is after five runs; then run on the account's ROWS rows.
      await copy(10);
      await runner.query('SET LOCAL plan_cache_mode = force_generic_plan');
      await runner.query(`PREPARE plan_under_test AS ${sql}`);
      const run = (keyValue: string, accountToken: string) =>
        `EXECUTE plan_under_test('${keyValue}', '${accountToken}')`;
      await runner.query(`EXECUTE plan_under_test(NULL, '${account.accountToken}')`);
      await copy(ROWS);
      const [{ wanted }] = await runner.query(
        `SELECT ${key}::text AS wanted FROM pg_temp.${table} ORDER BY created, token OFFSET ${ROWS / 2} LIMIT 1`,
      );
      const execute = run(wanted, account.accountToken);
      const [{ 'QUERY PLAN': explained }] = await runner.query(
        `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${execute}`,
      );
      const [{ Plan: plan }] = (typeof explained === 'string' ? JSON.parse(explained) : explained) as {
        Plan: PlanNode;
      }[];
      const found = await runner.query(execute);
      expect(found).toHaveLength(1);
      expect(pagesRead(plan)).toBeLessThan(20);
      // Another account's row is not found by its key.
      const other = await runner.query(run(wanted, card.token));
      expect(other).toHaveLength(0);
    } finally {
      await runner.rollbackTransaction().catch(() => undefined);
      // A prepared statement outlives the transaction, and the connection goes back to the app's pool
      // (whose own prepared statements stay).
      await runner.query('DEALLOCATE plan_under_test').catch(() => undefined);
      await runner.release();
    }
  });
});
