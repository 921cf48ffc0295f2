import { COUNT_ACCOUNT_TRANSACTIONS } from '../spend-counters.js';
import type { Queryable } from '../sql.js';
import { ruleResultsWhere } from './auth-rules.repository.js';

/** An account's rows as PostgreSQL's `to_jsonb` writes them: all columns, timestamps to the microsecond. */
export interface AccountRows {
  account: Record<string, unknown>;
  cards: Record<string, unknown>[];
  transactions: Record<string, unknown>[];
  transaction_events: Record<string, unknown>[];
  events: Record<string, unknown>[];
  event_subscriptions: Record<string, unknown>[];
  responder_endpoints: Record<string, unknown>[];
  funding_sources: Record<string, unknown>[];
  three_ds_authentications: Record<string, unknown>[];
  auth_rules: Record<string, unknown>[];
  auth_rule_versions: Record<string, unknown>[];
  auth_rule_results: Record<string, unknown>[];
  auth_rule_backtests: Record<string, unknown>[];
}

export type RestoredTable = Exclude<keyof AccountRows, 'account'>;

/** Where a restored row's unique keys may already be taken, by table and column. */
export interface TakenKeys {
  cardTokens: string[];
  panHashes: string[];
  transactionTokens: string[];
  transactionEventTokens: string[];
  eventTokens: string[];
  subscriptionTokens: string[];
  fundingSourceTokens: string[];
  threeDsTokens: string[];
  authRuleTokens: string[];
  ruleResultTokens: string[];
  backtestTokens: string[];
}

const rows = (table: string, where: string, order = 'r.created, r.token') =>
  `(SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY ${order}), '[]') FROM ${table} r WHERE ${where})`;

/** Snapshots and restores: an account's rows read in one statement, and written back a table at a time. */
export class SnapshotsRepository {
  /** One statement, so every table is read at the same instant. */
  async read(db: Queryable, accountToken: string): Promise<AccountRows | null> {
    const [row] = await db.query<AccountRows>(
      'snapshot_read',
      `SELECT to_jsonb(a) AS account,
         ${rows('cards', 'r.account_token = a.token')} AS cards,
         ${rows('transactions', 'r.account_token = a.token')} AS transactions,
         ${rows('transaction_events', 'r.transaction_token IN (SELECT token FROM transactions WHERE account_token = a.token)')} AS transaction_events,
         ${rows('events', 'r.account_token = a.token')} AS events,
         ${rows('event_subscriptions', 'r.account_token = a.token')} AS event_subscriptions,
         ${rows('responder_endpoints', 'r.account_token = a.token', 'r.type')} AS responder_endpoints,
         ${rows('funding_sources', 'r.account_token = a.token')} AS funding_sources,
         ${rows('three_ds_authentications', 'r.account_token = a.token')} AS three_ds_authentications,
         ${rows('auth_rules', 'r.account_token = a.token')} AS auth_rules,
         ${rows('auth_rule_versions', 'r.rule_token IN (SELECT token FROM auth_rules WHERE account_token = a.token)', 'r.rule_token, r.version')} AS auth_rule_versions,
         ${rows(`(${ruleResultsWhere('e.account_token = a.token')})`, 'true')} AS auth_rule_results,
         ${rows('auth_rule_backtests', 'r.account_token = a.token')} AS auth_rule_backtests
       FROM accounts a WHERE a.token = $1`,
      [accountToken],
    );
    return row ?? null;
  }

  /** The first of these keys some row already has (after a reset, another account's), or null. */
  async firstTaken(tx: Queryable, keys: TakenKeys): Promise<{ what: string; key: string } | null> {
    const [row] = await tx.query<{ what: string; key: string }>(
      'snapshot_taken',
      `SELECT 'card' AS what, token::text AS key FROM cards WHERE token = ANY($1::uuid[])
       UNION ALL SELECT 'card PAN', last_four FROM cards WHERE pan_hash = ANY($2::varchar[])
       UNION ALL SELECT 'transaction', token::text FROM transactions WHERE token = ANY($3::uuid[])
       UNION ALL SELECT 'transaction event', token::text FROM transaction_events WHERE token = ANY($4::uuid[])
       UNION ALL SELECT 'event', token FROM events WHERE token = ANY($5::varchar[])
       UNION ALL SELECT 'event subscription', token FROM event_subscriptions WHERE token = ANY($6::varchar[])
       UNION ALL SELECT 'funding source', token::text FROM funding_sources WHERE token = ANY($7::uuid[])
       UNION ALL SELECT '3DS authentication', token::text FROM three_ds_authentications WHERE token = ANY($8::uuid[])
       UNION ALL SELECT 'auth rule', token::text FROM auth_rules WHERE token = ANY($9::uuid[])
       UNION ALL SELECT 'auth rule result', token::text FROM (${ruleResultsWhere('true')}) r WHERE r.token = ANY($10::uuid[])
       UNION ALL SELECT 'auth rule backtest', token::text FROM auth_rule_backtests WHERE token = ANY($11::uuid[])
       LIMIT 1`,
      [
        keys.cardTokens,
        keys.panHashes,
        keys.transactionTokens,
        keys.transactionEventTokens,
        keys.eventTokens,
        keys.subscriptionTokens,
        keys.fundingSourceTokens,
        keys.threeDsTokens,
        keys.authRuleTokens,
        keys.ruleResultTokens,
        keys.backtestTokens,
      ],
    );
    return row ?? null;
  }

  /**
   * Inserts rows given by column name; a column they leave out takes its default. The columns are
   * the caller's own keys, never a request's, so naming them in the statement is safe.
   */
  async insert(tx: Queryable, table: RestoredTable, records: object[]): Promise<void> {
    if (records.length === 0) return;
    if (table === 'auth_rule_results') return this.insertRuleResults(tx, records);
    // Sorted: the statement's text, prepared under one name per connection, must not vary.
    const columns = Object.keys(records[0])
      .sort()
      .map((name) => `"${name}"`)
      .join(', ');
    await tx.query(
      `snapshot_insert_${table}`,
      `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`,
      [JSON.stringify(records)],
    );
  }

  /** Rule results, one per rule as snapshots carry them, stored one row per event. */
  private async insertRuleResults(tx: Queryable, records: object[]): Promise<void> {
    await tx.query(
      'snapshot_insert_auth_rule_results',
      `INSERT INTO auth_rule_evaluations (account_token, event_token, transaction_token, event_stream, results, created)
       SELECT x.account_token, x.event_token, x.transaction_token, x.event_stream,
         jsonb_agg(jsonb_build_object('token', x.token, 'rule_token', x.rule_token, 'rule_version', x.rule_version,
           'mode', x.mode, 'actions', x.actions) ORDER BY x.created, x.token), min(x.created)
       FROM jsonb_to_recordset($1::jsonb) AS x(account_token uuid, token uuid, rule_token uuid, rule_version integer,
         event_token uuid, transaction_token uuid, event_stream varchar, mode varchar, actions jsonb, created timestamptz)
       GROUP BY x.account_token, x.event_token, x.transaction_token, x.event_stream`,
      [JSON.stringify(records)],
    );
  }

  /** The spend counters of the restored transactions (the reset before the restore emptied them). */
  async countTransactions(tx: Queryable, accountToken: string): Promise<void> {
    await tx.query('snapshot_count_transactions', COUNT_ACCOUNT_TRANSACTIONS, [accountToken]);
  }
}
