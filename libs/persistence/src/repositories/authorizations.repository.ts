import type { AccountSnapshot, CardSnapshot, Usage, UsageWindows } from '#domain';
import type { Polarity, TransactionStatus } from '../entities/index.js';
import type { Queryable, Sql } from '../sql.js';

/** A card and its account as an authorization reads them, in one row. */
export interface ChargeableCard {
  token: string;
  accountToken: string;
  card: Omit<CardSnapshot, 'cvv'>;
  account: AccountSnapshot;
}

interface ChargeableRow {
  token: string;
  account_token: string;
  type: CardSnapshot['type'];
  state: CardSnapshot['state'];
  spend_limit: string;
  spend_limit_duration: CardSnapshot['spendLimitDuration'];
  exp_month: string;
  exp_year: string;
  locked_merchant: string;
  consumed: boolean;
  account_state: AccountSnapshot['state'];
  daily_spend_limit: string | null;
  monthly_spend_limit: string | null;
  lifetime_spend_limit: string | null;
}

const CHARGEABLE_COLUMNS = `c.token, c.account_token, c.type, c.state, c.spend_limit, c.spend_limit_duration,
  c.exp_month, c.exp_year, c.locked_merchant, c.consumed, a.state AS account_state,
  a.daily_spend_limit, a.monthly_spend_limit, a.lifetime_spend_limit
  FROM cards c JOIN accounts a ON a.token = c.account_token`;

/** Everything an authorization writes, in one statement. */
export interface AuthorizationRecord {
  transaction: {
    token: string;
    accountToken: string;
    cardToken: string;
    status: TransactionStatus;
    result: string;
    polarity: Polarity;
    amount: number;
    pendingAmount: number;
    settledAmount: number;
    merchantAmount: number;
    merchantCurrency: string;
    descriptor: string;
    mcc: string;
    merchantAcceptorId: string;
    merchantCity: string;
    merchantState: string;
    merchantCountry: string;
    partialApprovalCapable: boolean;
    authorizationCode: string;
    network: string;
    created: Date;
  };
  event: {
    token: string;
    type: string;
    detailedResult: string;
    rule: string | null;
    explanation: string | null;
  };
  /** The single-use close or the merchant lock, written in the same statement. */
  cardChange: { state: CardSnapshot['state']; consumed: boolean; lockedMerchant: string } | null;
}

const INSERT_TRANSACTION = `INSERT INTO transactions (token, account_token, card_token, status, result, polarity,
  authorization_amount, pending_amount, settled_amount, merchant_amount, merchant_currency, descriptor, mcc,
  merchant_acceptor_id, merchant_city, merchant_state, merchant_country, partial_approval_capable,
  authorization_code, network, created, updated)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21)`;
const INSERT_EVENT = `INSERT INTO transaction_events (token, transaction_token, type, amount, polarity, result,
  detailed_result, rule, explanation, created) VALUES ($22, $1, $23, $7, $6, $5, $24, $25, $26, $21)`;
const RECORD = `WITH t AS (${INSERT_TRANSACTION}) ${INSERT_EVENT}`;
const RECORD_AND_CHANGE_CARD = `WITH t AS (${INSERT_TRANSACTION}),
  c AS (UPDATE cards SET state = $27, consumed = $28, locked_merchant = $29, updated = $21 WHERE token = $3)
  ${INSERT_EVENT}`;

/** Approved debits still held or settled count against limits; credits and releases never do. */
const USAGE = `SELECT
  CASE WHEN $3::timestamptz IS NULL THEN 0 ELSE (SELECT COALESCE(SUM(pending_amount + settled_amount), 0)
    FROM transactions WHERE card_token = $1 AND polarity = 'DEBIT' AND created >= $3) END AS card,
  CASE WHEN $4::timestamptz IS NULL THEN 0 ELSE (SELECT COALESCE(SUM(pending_amount + settled_amount), 0)
    FROM transactions WHERE account_token = $2 AND polarity = 'DEBIT' AND created >= $4) END AS account_daily,
  CASE WHEN $5::timestamptz IS NULL THEN 0 ELSE (SELECT COALESCE(SUM(pending_amount + settled_amount), 0)
    FROM transactions WHERE account_token = $2 AND polarity = 'DEBIT' AND created >= $5) END AS account_monthly,
  CASE WHEN $6::timestamptz IS NULL THEN 0 ELSE (SELECT COALESCE(SUM(pending_amount + settled_amount), 0)
    FROM transactions WHERE account_token = $2 AND polarity = 'DEBIT' AND created >= $6) END AS account_lifetime`;

export class AuthorizationsRepository {
  /** `lockRows: false` exists only for the negative-control test that shows the lock is needed. */
  constructor(
    private readonly sql: Sql,
    private readonly options: { lockRows: boolean } = { lockRows: true },
  ) {}

  async findByPanHash(accountToken: string, panHash: string): Promise<ChargeableCard | null> {
    const rows = await this.sql.query<ChargeableRow>(
      'auth_find_card',
      `SELECT ${CHARGEABLE_COLUMNS} WHERE c.pan_hash = $1 AND c.account_token = $2`,
      [panHash, accountToken],
    );
    return rows[0] ? toChargeable(rows[0]) : null;
  }

  /**
   * Runs `decide` with the card row (and, when account limits apply, the account row) locked
   * FOR UPDATE, reading usage after the lock is held: a concurrent approval either committed
   * before (and is counted) or waits. The usage query is a separate statement on purpose: in READ
   * COMMITTED a statement's snapshot is taken when it starts, so sums read in the locking
   * statement itself could miss the approval it waited for.
   */
  async withLockedCard<T>(
    cardToken: string,
    lockAccount: boolean,
    decide: (
      card: ChargeableCard,
      usage: (windows: UsageWindows) => Promise<Usage>,
      record: (r: AuthorizationRecord) => Promise<void>,
    ) => Promise<T>,
  ): Promise<T> {
    return this.sql.transaction(async (tx) => {
      const rows = await tx.query<ChargeableRow>(
        `auth_lock_card${lockAccount ? '_account' : ''}${this.options.lockRows ? '' : '_unlocked'}`,
        `SELECT ${CHARGEABLE_COLUMNS} WHERE c.token = $1${lockClause(this.options.lockRows, lockAccount)}`,
        [cardToken],
      );
      const card = toChargeable(rows[0]);
      return decide(
        card,
        (windows) => readUsage(tx, card, windows),
        (record) => writeRecord(tx, record),
      );
    });
  }

  /** Records a decision that needed no lock, in one autocommitted statement. */
  record(record: AuthorizationRecord): Promise<void> {
    return writeRecord(this.sql, record);
  }
}

function lockClause(lockRows: boolean, lockAccount: boolean): string {
  if (!lockRows) return '';
  return lockAccount ? ' FOR UPDATE OF c, a' : ' FOR UPDATE OF c';
}

async function readUsage(tx: Queryable, card: ChargeableCard, w: UsageWindows): Promise<Usage> {
  if (!w.card && !w.accountDaily && !w.accountMonthly && !w.accountLifetime) {
    return { card: 0, accountDaily: 0, accountMonthly: 0, accountLifetime: 0 };
  }
  const [row] = await tx.query<
    Record<'card' | 'account_daily' | 'account_monthly' | 'account_lifetime', string>
  >('auth_usage', USAGE, [
    card.token,
    card.accountToken,
    w.card,
    w.accountDaily,
    w.accountMonthly,
    w.accountLifetime,
  ]);
  return {
    card: Number(row.card),
    accountDaily: Number(row.account_daily),
    accountMonthly: Number(row.account_monthly),
    accountLifetime: Number(row.account_lifetime),
  };
}

async function writeRecord(
  db: Queryable,
  { transaction: t, event: e, cardChange }: AuthorizationRecord,
): Promise<void> {
  const values: unknown[] = [
    t.token,
    t.accountToken,
    t.cardToken,
    t.status,
    t.result,
    t.polarity,
    t.amount,
    t.pendingAmount,
    t.settledAmount,
    t.merchantAmount,
    t.merchantCurrency,
    t.descriptor,
    t.mcc,
    t.merchantAcceptorId,
    t.merchantCity,
    t.merchantState,
    t.merchantCountry,
    t.partialApprovalCapable,
    t.authorizationCode,
    t.network,
    t.created,
    e.token,
    e.type,
    e.detailedResult,
    e.rule,
    e.explanation,
  ];
  if (cardChange) {
    await db.query('auth_record_change_card', RECORD_AND_CHANGE_CARD, [
      ...values,
      cardChange.state,
      cardChange.consumed,
      cardChange.lockedMerchant,
    ]);
  } else {
    await db.query('auth_record', RECORD, values);
  }
}

function toChargeable(row: ChargeableRow): ChargeableCard {
  const limit = (v: string | null) => (v === null ? null : Number(v));
  return {
    token: row.token,
    accountToken: row.account_token,
    card: {
      type: row.type,
      state: row.state,
      spendLimit: Number(row.spend_limit),
      spendLimitDuration: row.spend_limit_duration,
      expMonth: row.exp_month,
      expYear: row.exp_year,
      lockedMerchant: row.locked_merchant,
      consumed: row.consumed,
    },
    account: {
      state: row.account_state,
      dailySpendLimit: limit(row.daily_spend_limit),
      monthlySpendLimit: limit(row.monthly_spend_limit),
      lifetimeSpendLimit: limit(row.lifetime_spend_limit),
    },
  };
}
