import type { DataSource } from 'typeorm';
import type { ScopedRuleVersion } from '#domain';
import {
  AuthRuleBacktestEntity,
  AuthRuleEntity,
  AuthRuleResultEntity,
  AuthRuleVersionEntity,
} from '../entities/index.js';
import type { Queryable } from '../sql.js';
import {
  velocitySumsSql,
  velocityValues,
  type CounterOwner,
  type VelocityWindow,
} from '../spend-counters.js';
import { keysetPage, type Page, type PageRequest } from './keyset.js';

export interface AuthRuleFilter {
  cardToken?: string;
  accountToken?: string;
  scope?: 'PROGRAM' | 'ACCOUNT' | 'CARD' | 'BUSINESS_ACCOUNT' | 'ANY';
  eventStreams?: string[];
}

export interface ResultFilter {
  ruleToken?: string;
  eventToken?: string;
  hasActions?: boolean;
}

/** Velocity of one rule for one charge: its window and filters, read after the charge's locks. */
/** One velocity rule's window of a card or an account, after the rule's filters. */
export interface VelocityQuery extends VelocityWindow {
  ruleToken: string;
  owner: CounterOwner;
}

const VELOCITY_SUMS = { card: velocitySumsSql('card'), account: velocitySumsSql('account') };

export interface VelocitySums {
  count: number;
  amount: number;
  cashCount: number;
  cashAmount: number;
}

export interface HistoryRow {
  token: string;
  card_token: string;
  created: Date;
  result: string;
  mcc: string;
  merchant_country: string;
  merchant_currency: string;
  merchant_acceptor_id: string;
  descriptor: string;
  authorization_amount: string;
  card_state: string;
  event_token: string;
}

const RULE_COLUMNS = `token, account_token, state, type, event_stream, name, program_level, card_tokens, account_tokens,
  excluded_card_tokens, excluded_account_tokens, current_version, current_parameters, draft_version, draft_parameters,
  latest_version, created, updated`;

/** Auth Rules v2: rules and their versions, their evaluations and backtests. Load and store only. */
/**
 * The rule results of the evaluations `e` that `where` selects, one row per element of an
 * evaluation (one row per event), with the columns of AuthRuleResultEntity.
 */
export const ruleResultsWhere = (where: string) => `SELECT
    coalesce((x->>'token')::uuid, md5(e.event_token::text || (x->>'rule_token') || (x->>'rule_version'))::uuid) AS token, e.account_token,
    (x->>'rule_token')::uuid AS rule_token, (x->>'rule_version')::integer AS rule_version, e.event_token,
    e.transaction_token, e.event_stream, coalesce(x->>'mode', 'ACTIVE') AS mode,
    coalesce(x->'actions', '[]'::jsonb) AS actions, e.created
  FROM auth_rule_evaluations e CROSS JOIN LATERAL jsonb_array_elements(e.results) AS x
  WHERE ${where}`;

/** The account's ($1) rule results; a caller may append conditions on `e`. */
const RESULTS_OF_ACCOUNT = ruleResultsWhere('e.account_token = $1');

/** An evaluation's results without those of rule $1. */
const WITHOUT_RULE = `(SELECT coalesce(jsonb_agg(x ORDER BY n), '[]'::jsonb)
  FROM jsonb_array_elements(results) WITH ORDINALITY AS y(x, n) WHERE x->>'rule_token' <> $1::uuid::text)`;

export class AuthRulesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The rule and its first version, in one statement. */
  async insert(db: Queryable, rule: AuthRuleEntity, parameters: Record<string, unknown>): Promise<void> {
    await db.query(
      'auth_rule_insert',
      `WITH r AS (INSERT INTO auth_rules (${RULE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING token)
       INSERT INTO auth_rule_versions (rule_token, version, parameters, created) SELECT token, $16, $19, $17 FROM r`,
      [...ruleValues(rule), parameters],
    );
  }

  /**
   * The account's promoted rules of every stream with their scopes, oldest first, the draft
   * versions of its active rules likewise, and the stamp they are current for
   * (accounts.auth_rules_stamp), read in one statement so they agree. Null when the account is gone.
   */
  async promoted(
    db: Queryable,
    accountToken: string,
  ): Promise<{ stamp: string; rules: ScopedRuleVersion[]; drafts: ScopedRuleVersion[] } | null> {
    const versions = (
      kind: 'current' | 'draft',
    ) => `(SELECT coalesce(json_agg(json_build_object('token', ar.token,
        'version', ar.${kind}_version, 'name', ar.name, 'type', ar.type, 'eventStream', ar.event_stream,
        'parameters', ar.${kind}_parameters, 'programLevel', ar.program_level, 'cardTokens', ar.card_tokens,
        'accountTokens', ar.account_tokens, 'excludedCardTokens', ar.excluded_card_tokens,
        'excludedAccountTokens', ar.excluded_account_tokens) ORDER BY ar.created, ar.token), '[]'::json)
      FROM auth_rules ar WHERE ar.account_token = a.token AND ar.state = 'ACTIVE' AND ar.${kind}_version IS NOT NULL)`;
    const [row] = await db.query<{ stamp: string; rules: ScopedRuleVersion[]; drafts: ScopedRuleVersion[] }>(
      'auth_rules_promoted',
      `SELECT a.auth_rules_stamp AS stamp, ${versions('current')} AS rules, ${versions('draft')} AS drafts
       FROM accounts a WHERE a.token = $1`,
      [accountToken],
    );
    return row ?? null;
  }

  /** Which of these card tokens are the account's. */
  async ownCards(db: Queryable, accountToken: string, tokens: string[]): Promise<string[]> {
    if (tokens.length === 0) return [];
    const rows = await db.query<{ token: string }>(
      'auth_rule_own_cards',
      'SELECT token FROM cards WHERE account_token = $1 AND token = ANY($2::uuid[])',
      [accountToken, tokens],
    );
    return rows.map((r) => r.token);
  }

  async find(
    db: Queryable,
    accountToken: string,
    token: string,
    lock = false,
  ): Promise<AuthRuleEntity | null> {
    const [row] = await db.query<AuthRuleEntity>(
      `auth_rule_find${lock ? '_lock' : ''}`,
      `SELECT * FROM auth_rules WHERE token = $1 AND account_token = $2${lock ? ' FOR UPDATE' : ''}`,
      [token, accountToken],
    );
    return row ?? null;
  }

  /** Writes every mutable column. */
  async save(db: Queryable, rule: AuthRuleEntity): Promise<void> {
    await db.query(
      'auth_rule_save',
      `UPDATE auth_rules SET state = $3, type = $4, event_stream = $5, name = $6, program_level = $7,
         card_tokens = $8, account_tokens = $9, excluded_card_tokens = $10, excluded_account_tokens = $11,
         current_version = $12, current_parameters = $13, draft_version = $14, draft_parameters = $15,
         latest_version = $16, created = $17, updated = $18
       WHERE token = $1 AND account_token = $2`,
      ruleValues(rule),
    );
  }

  async addVersion(
    db: Queryable,
    ruleToken: string,
    version: number,
    parameters: object,
    now: Date,
  ): Promise<void> {
    await db.query(
      'auth_rule_version_insert',
      'INSERT INTO auth_rule_versions (rule_token, version, parameters, created) VALUES ($1, $2, $3, $4)',
      [ruleToken, version, parameters, now],
    );
  }

  /** Newest first, as the spec lists them. */
  versions(db: Queryable, ruleToken: string): Promise<AuthRuleVersionEntity[]> {
    return db.query<AuthRuleVersionEntity>(
      'auth_rule_versions',
      'SELECT * FROM auth_rule_versions WHERE rule_token = $1 ORDER BY version DESC',
      [ruleToken],
    );
  }

  async delete(db: Queryable, accountToken: string, token: string): Promise<boolean> {
    const rows = await db.query(
      'auth_rule_delete',
      `WITH results AS (UPDATE auth_rule_evaluations SET results = ${WITHOUT_RULE}
         WHERE account_token = $2 AND results @> jsonb_build_array(jsonb_build_object('rule_token', $1::uuid::text)))
       DELETE FROM auth_rules WHERE token = $1 AND account_token = $2 RETURNING token`,
      [token, accountToken],
    );
    return rows.length > 0;
  }

  list(accountToken: string, filter: AuthRuleFilter, page: PageRequest): Promise<Page<AuthRuleEntity>> {
    const qb = this.dataSource
      .getRepository(AuthRuleEntity)
      .createQueryBuilder('r')
      .where('r.account_token = :accountToken', { accountToken });
    if (filter.cardToken) qb.andWhere(':card = ANY(r.card_tokens)', { card: filter.cardToken });
    if (filter.accountToken)
      qb.andWhere(':account = ANY(r.account_tokens)', { account: filter.accountToken });
    switch (filter.scope) {
      case 'PROGRAM':
        qb.andWhere('r.program_level');
        break;
      case 'CARD':
        qb.andWhere('cardinality(r.card_tokens) > 0');
        break;
      case 'ACCOUNT':
        qb.andWhere('cardinality(r.account_tokens) > 0');
        break;
      case 'BUSINESS_ACCOUNT':
        qb.andWhere('false');
        break;
      case 'ANY':
      case undefined:
        break;
    }
    if (filter.eventStreams?.length)
      qb.andWhere('r.event_stream IN (:...streams)', { streams: filter.eventStreams });
    return keysetPage(qb, accountToken, page);
  }

  /**
   * Approved debits (held or settled) of each velocity rule's window, after its filters, from the
   * velocity counters (velocitySumsSql): a few buckets per merchant category and country in the
   * window, and the transactions of its start's hour, whatever the history. Run after the charge's
   * locks (its own statement, so it sees the approvals the locks waited for).
   */
  async velocity(db: Queryable, reads: VelocityQuery[]): Promise<Record<string, VelocitySums>> {
    if (reads.length === 0) return {};
    const sums = await Promise.all(
      reads.map(async (read) => {
        const [row] = await db.query<{
          count: string;
          amount: string;
          cash_count: string;
          cash_amount: string;
        }>(`auth_rule_velocity_${read.owner}`, VELOCITY_SUMS[read.owner], velocityValues(read));
        const sums: VelocitySums = {
          count: Number(row.count),
          amount: Number(row.amount),
          cashCount: Number(row.cash_count),
          cashAmount: Number(row.cash_amount),
        };
        return [read.ruleToken, sums] as const;
      }),
    );
    return Object.fromEntries(sums);
  }

  /** Newest first, keyset-paged by the element's (created, token), as keysetPage pages tables. */
  async listResults(
    accountToken: string,
    filter: ResultFilter,
    page: PageRequest,
  ): Promise<Page<AuthRuleResultEntity>> {
    const backwards = Boolean(page.endingBefore);
    const order = backwards ? 'ASC' : 'DESC';
    const rows = await this.dataSource.query<AuthRuleResultEntity[]>(
      `WITH r AS (${RESULTS_OF_ACCOUNT} AND ($3::uuid IS NULL OR e.event_token = $3)
         AND ($2::uuid IS NULL OR e.results @> jsonb_build_array(jsonb_build_object('rule_token', $2::text))))
       SELECT * FROM r
       WHERE ($2::uuid IS NULL OR r.rule_token = $2)
         AND ($4::boolean IS NULL OR (r.actions <> '[]'::jsonb) = $4)
         AND ($5::timestamptz IS NULL OR r.created >= $5) AND ($6::timestamptz IS NULL OR r.created < $6)
         AND ($7::uuid IS NULL OR (r.created, r.token) ${backwards ? '>' : '<'} (SELECT k.created, k.token FROM r k WHERE k.token = $7))
       ORDER BY r.created ${order}, r.token ${order} LIMIT $8`,
      [
        accountToken,
        filter.ruleToken ?? null,
        filter.eventToken ?? null,
        filter.hasActions ?? null,
        page.begin ?? null,
        page.end ?? null,
        page.startingAfter ?? page.endingBefore ?? null,
        page.pageSize + 1,
      ],
    );
    const hasMore = rows.length > page.pageSize;
    const data = rows.slice(0, page.pageSize);
    return { data: backwards ? data.reverse() : data, hasMore };
  }

  /**
   * The account's debit authorizations created in [start, end), oldest first, on the given cards
   * (null: every card) except the excluded ones, with the fields a rule reads.
   */
  history(
    db: Queryable,
    accountToken: string,
    cards: string[] | null,
    excluded: string[],
    start: Date,
    end: Date,
  ): Promise<HistoryRow[]> {
    return db.query<HistoryRow>(
      'auth_rule_history',
      `SELECT t.token, t.card_token, t.created, t.result, t.mcc, t.merchant_country, t.merchant_currency,
         t.merchant_acceptor_id, t.descriptor, t.authorization_amount, c.state AS card_state, e.token AS event_token
       FROM transactions t JOIN cards c ON c.token = t.card_token
       JOIN LATERAL (SELECT token, type FROM transaction_events WHERE transaction_token = t.token
                     ORDER BY created, token LIMIT 1) e ON e.type IN ('AUTHORIZATION', 'FINANCIAL_AUTHORIZATION')
       WHERE t.account_token = $1 AND t.polarity = 'DEBIT' AND t.created >= $2 AND t.created < $3
         AND ($4::uuid[] IS NULL OR t.card_token = ANY($4)) AND NOT t.card_token = ANY($5::uuid[])
       ORDER BY t.created, t.token`,
      [accountToken, start, end, cards, excluded],
    );
  }

  /** A rule's evaluations created in [from, until), oldest first: a performance report's input. */
  resultsBetween(
    db: Queryable,
    accountToken: string,
    ruleToken: string,
    from: Date,
    until: Date,
  ): Promise<AuthRuleResultEntity[]> {
    return db.query<AuthRuleResultEntity>(
      'auth_rule_results_between',
      `WITH r AS (${RESULTS_OF_ACCOUNT} AND e.created >= $3 AND e.created < $4)
       SELECT * FROM r WHERE rule_token = $2 ORDER BY created, token`,
      [accountToken, ruleToken, from, until],
    );
  }

  async insertBacktest(db: Queryable, backtest: AuthRuleBacktestEntity): Promise<void> {
    await db.query(
      'auth_rule_backtest_insert',
      `INSERT INTO auth_rule_backtests (token, account_token, rule_token, start, "end", results, created)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        backtest.token,
        backtest.account_token,
        backtest.rule_token,
        backtest.start,
        backtest.end,
        backtest.results,
        backtest.created,
      ],
    );
  }

  async findBacktest(
    db: Queryable,
    ruleToken: string,
    token: string,
  ): Promise<AuthRuleBacktestEntity | null> {
    const [row] = await db.query<AuthRuleBacktestEntity>(
      'auth_rule_backtest_find',
      'SELECT * FROM auth_rule_backtests WHERE token = $1 AND rule_token = $2',
      [token, ruleToken],
    );
    return row ?? null;
  }

  listBacktests(
    accountToken: string,
    ruleToken: string,
    page: PageRequest,
  ): Promise<Page<AuthRuleBacktestEntity>> {
    const qb = this.dataSource
      .getRepository(AuthRuleBacktestEntity)
      .createQueryBuilder('r')
      .where('r.account_token = :accountToken AND r.rule_token = :ruleToken', { accountToken, ruleToken });
    return keysetPage(qb, accountToken, page);
  }
}

function ruleValues(r: AuthRuleEntity): unknown[] {
  return [
    r.token,
    r.account_token,
    r.state,
    r.type,
    r.event_stream,
    r.name,
    r.program_level,
    r.card_tokens,
    r.account_tokens,
    r.excluded_card_tokens,
    r.excluded_account_tokens,
    r.current_version,
    r.current_parameters,
    r.draft_version,
    r.draft_parameters,
    r.latest_version,
    r.created,
    r.updated,
  ];
}
