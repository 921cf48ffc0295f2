import {
  usageOf,
  type AccountSnapshot,
  type CardSnapshot,
  type CounterDelta,
  type ResponderDecision,
  type RuleVersion,
  type Usage,
  type UsageReads,
} from '#domain';
import type { FundingSourceState, Polarity, TransactionStatus } from '#domain';
import { CardEntity, TransactionEntity, TransactionEventEntity } from '../entities/index.js';
import { outboxCtes, outboxValues, type OutboxEvent } from '../outbox.js';
import {
  counterCtes,
  counterValues,
  toWindowSums,
  windowSumsSql,
  windowValues,
  type CountedTransaction,
} from '../spend-counters.js';
import { chargeableFrom } from '../chargeable-sql.js';
import { toCardEntity } from './cards.repository.js';
import { foundByKey, type Queryable } from '../sql.js';
import { toTransactionEntity, type TransactionWithEvents } from './transactions.repository.js';

/** A card and its account as an authorization reads them, in one row. */
export interface ChargeableCard {
  token: string;
  accountToken: string;
  card: Omit<CardSnapshot, 'cvv'> & { closedBy: string | null; reissues: number };
  account: AccountSnapshot;
  /** The whole card row; read only under the lock, where a decision may change the card. */
  entity?: CardEntity;
  memo: string;
  /** The salted hash of the card's PIN block, when it was given one. */
  pinHash: string | null;
  /** The account's real-time responder (ASA), when one is enrolled. */
  responder: { url: string; secretSealed: string | null } | null;
  /** The account's auth_rules_stamp: which version of its rules `authRules` comes from. */
  rulesStamp: string;
  /** Whether the account keeps its spend counters (accounts.counts_spend), as read. */
  accountCountsSpend: boolean;
  /** The promoted AUTHORIZATION auth rules that apply to this card, oldest first. */
  authRules: RuleVersion[];
  /** The draft versions of its active rules that apply to it, which run in shadow. */
  authRuleDrafts: RuleVersion[];
}

/**
 * A card as an authorization reads it: its rules are not in the row, only the account's
 * `auth_rules_stamp`, which names the version of the account's rules the caller holds parsed.
 */
export type ChargeableRead = Omit<ChargeableCard, 'authRules' | 'authRuleDrafts'>;

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
  closed_by: string | null;
  reissues: number;
  account_state: AccountSnapshot['state'];
  daily_spend_limit: string | null;
  monthly_spend_limit: string | null;
  lifetime_spend_limit: string | null;
  memo: string;
  pin_hash: string | null;
  responder_url: string | null;
  auth_stream_secret_sealed: string | null;
  /** Null: the card draws on its account's default source (always ENABLED). */
  funding_state: FundingSourceState | null;
  auth_rules_stamp: string;
  account_counts_spend: boolean;
}

/** The card a charge names, by its PAN's lookup hash ($1), if it is the account's ($2) (foundByKey). */
export const FIND_CHARGEABLE_BY_PAN_HASH = `${foundByKey('cards', 'pan_hash = $1', false)}
  SELECT ${chargeableFrom('found')} WHERE c.account_token = $2`;

/** The whole card row ($1) and its account, if it is the account's ($2); locked when asked. */
export const lockChargeableSql = (lock: boolean) => `${foundByKey('cards', 'token = $1', lock)}
  SELECT c.*, ${chargeableFrom('found')} WHERE c.account_token = $2`;

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
    /** Set when the approval waits for the responder: it is a reservation until settled. */
    responderDeadline: Date | null;
    /** The Idempotency-Key claim of the request, so a retry after a crash finds this charge. */
    idempotencyClaim: string | null;
  };
  event: {
    token: string;
    type: string;
    detailedResult: string;
    rule: string | null;
    explanation: string | null;
    /** The auth rule version that declined it. */
    authRule: { token: string; version: number; name: string | null } | null;
  };
  /** The single-use close or the merchant lock, written in the same statement. */
  cardChange: {
    state: CardSnapshot['state'];
    consumed: boolean;
    lockedMerchant: string;
    closedBy: string | null;
  } | null;
  /** Events (card_transaction.updated, and card.updated with a card change), written with it. */
  events: OutboxEvent[];
  /** What the charge adds to its card's and account's spend counters. */
  counters: CounterDelta[];
  /** One evaluation record per auth rule that ran (GET /v2/auth_rules/results). */
  ruleResults: RuleResultRow[];
}

/** An element of auth_rule_evaluations.results as a charge writes it (AuthRuleResultElement). */
export interface RuleResultRow {
  rule_token: string;
  rule_version: number;
  /** Only for a draft's shadow evaluation (absent: ACTIVE). */
  mode?: 'INACTIVE';
  /** Only when the rule acted. */
  actions?: object[];
}

const INSERT_TRANSACTION = `INSERT INTO transactions (token, account_token, card_token, status, result, polarity,
  authorization_amount, pending_amount, settled_amount, merchant_amount, merchant_currency, descriptor, mcc,
  merchant_acceptor_id, merchant_city, merchant_state, merchant_country, partial_approval_capable,
  authorization_code, network, created, updated, responder_deadline, idempotency_claim)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21, $28, $29)`;
const insertEvent = (
  authRule: number,
) => `INSERT INTO transaction_events (token, transaction_token, type, amount,
  polarity, result, detailed_result, rule, explanation, created, auth_rule)
  VALUES ($22, $1, $23, $7, $6, $5, $24, $25, $26, $21, $${authRule}::jsonb)`;
/** The evaluations of the auth rules that ran, one row for the charge's event (none when no rule ran). */
const ruleResultsCte = (
  results: number,
) => `rule_results AS (INSERT INTO auth_rule_evaluations (event_token, account_token, transaction_token,
    event_stream, results, created)
  SELECT $22, $2, $1, 'AUTHORIZATION', $${results}::jsonb, $21 WHERE jsonb_array_length($${results}::jsonb) > 0)`;
const RECORD = `WITH t AS (${INSERT_TRANSACTION}), ${outboxCtes(27)}, ${counterCtes(30)}, ${ruleResultsCte(39)}
  ${insertEvent(38)}`;
const RECORD_AND_CHANGE_CARD = `WITH t AS (${INSERT_TRANSACTION}),
  c AS (UPDATE cards SET state = $30, consumed = $31, locked_merchant = $32, closed_by = $33, updated = $21 WHERE token = $3),
  ${outboxCtes(27)}, ${counterCtes(34)}, ${ruleResultsCte(43)}
  ${insertEvent(42)}`;

/** Each window's sums (spend-counters.ts), for the four windows of UsageReads. */
const USAGE = `SELECT ${windowSumsSql('card', '$1', 3, 'card')},
  ${windowSumsSql('account', '$2', 9, 'daily')},
  ${windowSumsSql('account', '$2', 15, 'monthly')},
  ${windowSumsSql('account', '$2', 21, 'lifetime')}`;

export class AuthorizationsRepository {
  /** `lockRows: false` exists only for the negative-control test that shows the lock is needed. */
  constructor(private readonly options: { lockRows: boolean } = { lockRows: true }) {}

  async findByPanHash(db: Queryable, accountToken: string, panHash: string): Promise<ChargeableRead | null> {
    const rows = await db.query<ChargeableRow>('auth_find_card', FIND_CHARGEABLE_BY_PAN_HASH, [
      panHash,
      accountToken,
    ]);
    return rows[0] ? toChargeable(rows[0]) : null;
  }

  /**
   * Locks the account row, before any of its cards (the order a delete or reset follows, so no
   * deadlock): KEY SHARE keeps it from being deleted under the charge, UPDATE also serializes the
   * charges against its limits. False when the account is gone.
   */
  async lockAccount(tx: Queryable, accountToken: string, mode: 'KEY SHARE' | 'UPDATE'): Promise<boolean> {
    if (!this.options.lockRows) return true;
    const rows = await tx.query(
      `auth_lock_account${mode === 'UPDATE' ? '_update' : ''}`,
      `SELECT token FROM accounts WHERE token = $1 FOR ${mode}`,
      [accountToken],
    );
    return rows.length > 0;
  }

  /** The whole card row and its account, the card row locked FOR UPDATE; null once deleted. */
  async lockCard(tx: Queryable, accountToken: string, cardToken: string): Promise<ChargeableRead | null> {
    const rows = await tx.query<ChargeableRow>(
      `auth_lock_card${this.options.lockRows ? '' : '_unlocked'}`,
      lockChargeableSql(this.options.lockRows),
      [cardToken, accountToken],
    );
    return rows[0] ? { ...toChargeable(rows[0]), entity: toCardEntity(rows[0]) } : null;
  }

  /**
   * Approved debits held or settled in each window, from the spend counters and the edge of each
   * trailing window (at most half an hour of transactions, windowRead). A statement of its own on
   * purpose: in READ COMMITTED a statement's snapshot is taken when it starts, so sums read in the
   * locking statement itself could miss the approval the lock waited for (and the day bucket it
   * inserted).
   */
  async usage(
    tx: Queryable,
    card: { token: string; accountToken: string },
    reads: UsageReads,
  ): Promise<Usage> {
    const [row] = await tx.query<Record<string, string>>('auth_usage', USAGE, [
      card.token,
      card.accountToken,
      ...windowValues(reads.card),
      ...windowValues(reads.accountDaily),
      ...windowValues(reads.accountMonthly),
      ...windowValues(reads.accountLifetime),
    ]);
    return usageOf(reads, {
      card: toWindowSums(row, 'card'),
      accountDaily: toWindowSums(row, 'daily'),
      accountMonthly: toWindowSums(row, 'monthly'),
      accountLifetime: toWindowSums(row, 'lifetime'),
    });
  }

  /** The transaction, its event, the card change and the outbox events, in one statement. */
  async record(db: Queryable, record: AuthorizationRecord): Promise<void> {
    const { transaction: t, event: e, cardChange } = record;
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
      ...outboxValues(record.events),
      t.responderDeadline,
      t.idempotencyClaim,
    ];
    const counters = counterValues(
      {
        cardToken: t.cardToken,
        accountToken: t.accountToken,
        mcc: t.mcc,
        merchantCountry: t.merchantCountry,
      },
      record.counters,
    );
    const rules = [e.authRule, JSON.stringify(record.ruleResults)];
    if (cardChange) {
      await db.query('auth_record_change_card', RECORD_AND_CHANGE_CARD, [
        ...values,
        cardChange.state,
        cardChange.consumed,
        cardChange.lockedMerchant,
        cardChange.closedBy,
        ...counters,
        ...rules,
      ]);
    } else {
      await db.query('auth_record', RECORD, [...values, ...counters, ...rules]);
    }
  }

  /** The charge a request with this Idempotency-Key claim recorded, if it got that far. */
  async findByIdempotencyClaim(
    db: Queryable,
    accountToken: string,
    claim: string,
  ): Promise<TransactionEntity | null> {
    const [row] = await db.query<TransactionEntity>(
      'auth_find_claim',
      'SELECT * FROM transactions WHERE idempotency_claim = $1 AND account_token = $2',
      [claim, accountToken],
    );
    return row ? toTransactionEntity(row) : null;
  }

  async lockTransaction(tx: Queryable, token: string): Promise<TransactionEntity | null> {
    const [row] = await tx.query<TransactionEntity>(
      'reservation_lock',
      'SELECT * FROM transactions WHERE token = $1 FOR UPDATE',
      [token],
    );
    return row ? toTransactionEntity(row) : null;
  }

  async confirmReservation(tx: Queryable, token: string): Promise<void> {
    await tx.query(
      'reservation_confirm',
      'UPDATE transactions SET responder_deadline = NULL WHERE token = $1',
      [token],
    );
  }

  /**
   * Stores the responder's decline: the hold released (and taken off the spend counters), its
   * event carrying the responder's reason.
   */
  async declineReservation(
    tx: Queryable,
    t: CountedTransaction & { token: string },
    outcome: Extract<ResponderDecision, { approved: false }>,
    now: Date,
    counters: CounterDelta[],
  ): Promise<void> {
    await tx.query(
      'reservation_decline',
      `WITH u AS (UPDATE transactions SET status = 'DECLINED', result = $2, pending_amount = 0, settled_amount = 0,
         responder_deadline = NULL, updated = $5 WHERE token = $1), ${counterCtes(6)}
       UPDATE transaction_events SET result = $2, detailed_result = $3, rule = 'RESPONDER', explanation = $4
       WHERE transaction_token = $1`,
      [
        t.token,
        outcome.result,
        outcome.detailedResult,
        outcome.explanation,
        now,
        ...counterValues(t, counters),
      ],
    );
  }

  /** The card row locked FOR UPDATE, and whether another live (not declined) debit is on it. */
  async lockCardWithLiveDebits(
    tx: Queryable,
    cardToken: string,
    exceptTransaction: string,
  ): Promise<{ card: CardEntity; otherLiveDebits: boolean } | null> {
    const [row] = await tx.query<object & { other_live_debits: boolean }>(
      'reservation_card',
      `SELECT c.*, EXISTS (SELECT 1 FROM transactions o WHERE o.card_token = c.token AND o.token <> $2
                           AND o.polarity = 'DEBIT' AND o.status <> 'DECLINED') AS other_live_debits
       FROM cards c WHERE c.token = $1 FOR UPDATE`,
      [cardToken, exceptTransaction],
    );
    if (!row) return null;
    const { other_live_debits: otherLiveDebits, ...card } = row;
    return { card: toCardEntity(card), otherLiveDebits };
  }

  /** Reservations whose responder never answered in time (a crash, say): the sweeper settles them. */
  async overdueReservations(db: Queryable, realNow: Date): Promise<string[]> {
    const rows = await db.query<{ token: string }>(
      'reservations_overdue',
      'SELECT token FROM transactions WHERE responder_deadline < $1 ORDER BY responder_deadline LIMIT 500',
      [realNow],
    );
    return rows.map((r) => r.token);
  }
}

function toChargeable(row: ChargeableRow): ChargeableRead {
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
      closedBy: row.closed_by,
      reissues: row.reissues,
      hasPin: row.pin_hash !== null,
      fundingState: row.funding_state,
    },
    account: {
      state: row.account_state,
      dailySpendLimit: limit(row.daily_spend_limit),
      monthlySpendLimit: limit(row.monthly_spend_limit),
      lifetimeSpendLimit: limit(row.lifetime_spend_limit),
    },
    memo: row.memo,
    pinHash: row.pin_hash,
    responder: row.responder_url
      ? { url: row.responder_url, secretSealed: row.auth_stream_secret_sealed }
      : null,
    rulesStamp: row.auth_rules_stamp,
    accountCountsSpend: row.account_counts_spend,
  };
}

/** Whether `error` is a second insert of an Idempotency-Key claim (a retry racing its earlier run). */
export function isClaimConflict(error: unknown): boolean {
  const { code, constraint } = (error ?? {}) as { code?: string; constraint?: string };
  return code === '23505' && typeof constraint === 'string' && constraint.endsWith('_idempotency_claim');
}

/** The transaction an authorization record describes, as the Transaction API shows it. */
export function recordedTransaction({
  transaction: t,
  event: e,
}: Omit<AuthorizationRecord, 'events'>): TransactionWithEvents {
  const transaction = Object.assign(new TransactionEntity(), {
    token: t.token,
    account_token: t.accountToken,
    card_token: t.cardToken,
    status: t.status,
    result: t.result,
    polarity: t.polarity,
    authorization_amount: t.amount,
    pending_amount: t.pendingAmount,
    settled_amount: t.settledAmount,
    merchant_amount: t.merchantAmount,
    merchant_currency: t.merchantCurrency,
    descriptor: t.descriptor,
    mcc: t.mcc,
    merchant_acceptor_id: t.merchantAcceptorId,
    merchant_city: t.merchantCity,
    merchant_state: t.merchantState,
    merchant_country: t.merchantCountry,
    partial_approval_capable: t.partialApprovalCapable,
    authorization_code: t.authorizationCode,
    network: t.network,
    responder_deadline: t.responderDeadline,
    idempotency_claim: t.idempotencyClaim,
    created: t.created,
    updated: t.created,
  });
  const event = Object.assign(new TransactionEventEntity(), {
    token: e.token,
    transaction_token: t.token,
    type: e.type,
    amount: t.amount,
    polarity: t.polarity,
    result: t.result,
    detailed_result: e.detailedResult,
    rule: e.rule,
    explanation: e.explanation,
    auth_rule: e.authRule,
    created: t.created,
  });
  return { transaction, events: [event] };
}
