import type { AccountSnapshot, CardState } from '#domain';
import { ThreeDsAuthenticationEntity } from '../entities/index.js';
import { outboxCtes, outboxValues, type OutboxEvent } from '../outbox.js';
import type { Queryable } from '../sql.js';
import type { RuleResultRow } from './authorizations.repository.js';

/** A card as a 3DS authentication reads it, with its account's rules stamp and endpoint. */
export interface ThreeDsCard {
  token: string;
  accountToken: string;
  state: CardState;
  expMonth: string;
  expYear: string;
  account: AccountSnapshot;
  /** The account's auth_rules_stamp: the caller finds the card's rules for it (AuthRuleSets). */
  rulesStamp: string;
  responder: { url: string; secretSealed: string | null } | null;
}

const AUTH_COLUMNS = `token, account_token, card_token, result, decision_made_by, reason, challenge_method, challenge_status,
  merchant_id, merchant_name, merchant_mcc, merchant_country, amount, currency, card_expiry_check, created, updated`;

/** The rule evaluations of an authentication, one row, written with it (GET /v2/auth_rules/results). */
const resultsCte = (
  at: number,
) => `rule_results AS (INSERT INTO auth_rule_evaluations (event_token, account_token, transaction_token,
    event_stream, results, created)
  SELECT $1, $2, NULL, 'THREE_DS_AUTHENTICATION', $${at}::jsonb, $16 WHERE jsonb_array_length($${at}::jsonb) > 0)`;

/** 3-D Secure authentications. Load and store only. */
export class ThreeDsRepository {
  async findCard(db: Queryable, accountToken: string, panHash: string): Promise<ThreeDsCard | null> {
    const [row] = await db.query<{
      token: string;
      account_token: string;
      state: CardState;
      exp_month: string;
      exp_year: string;
      account_state: AccountSnapshot['state'];
      auth_rules_stamp: string;
      responder_url: string | null;
      three_ds_secret_sealed: string | null;
    }>(
      'three_ds_find_card',
      `SELECT c.token, c.account_token, c.state, c.exp_month, c.exp_year, a.state AS account_state,
         a.auth_rules_stamp, r.url AS responder_url, a.three_ds_secret_sealed
       FROM cards c JOIN accounts a ON a.token = c.account_token
       LEFT JOIN responder_endpoints r ON r.account_token = c.account_token AND r.type = 'THREE_DS_DECISIONING'
       WHERE c.pan_hash = $1 AND c.account_token = $2`,
      [panHash, accountToken],
    );
    if (!row) return null;
    return {
      token: row.token,
      accountToken: row.account_token,
      state: row.state,
      expMonth: row.exp_month,
      expYear: row.exp_year,
      // Limits do not bind an authentication; only the account's state does.
      account: {
        state: row.account_state,
        dailySpendLimit: null,
        monthlySpendLimit: null,
        lifetimeSpendLimit: null,
      },
      rulesStamp: row.auth_rules_stamp,
      responder: row.responder_url
        ? { url: row.responder_url, secretSealed: row.three_ds_secret_sealed }
        : null,
    };
  }

  /** The authentication, its rule results and its events, in one statement. */
  async insert(
    db: Queryable,
    auth: ThreeDsAuthenticationEntity,
    results: RuleResultRow[],
    events: OutboxEvent[],
  ): Promise<void> {
    await db.query(
      'three_ds_insert',
      `WITH a AS (INSERT INTO three_ds_authentications (${AUTH_COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)),
       ${resultsCte(18)}, ${outboxCtes(19)} SELECT 1`,
      [...authValues(auth), JSON.stringify(results), ...outboxValues(events)],
    );
  }

  async find(
    db: Queryable,
    accountToken: string,
    token: string,
    lock = false,
  ): Promise<ThreeDsAuthenticationEntity | null> {
    const [row] = await db.query<ThreeDsAuthenticationEntity>(
      `three_ds_find${lock ? '_lock' : ''}`,
      `SELECT * FROM three_ds_authentications WHERE token = $1 AND account_token = $2${lock ? ' FOR UPDATE' : ''}`,
      [token, accountToken],
    );
    return row ? Object.assign(new ThreeDsAuthenticationEntity(), row, { amount: Number(row.amount) }) : null;
  }

  /** The outcome of a challenge (or the responder's verdict) and its events, in one statement. */
  async update(db: Queryable, auth: ThreeDsAuthenticationEntity, events: OutboxEvent[]): Promise<void> {
    await db.query(
      'three_ds_update',
      `WITH a AS (UPDATE three_ds_authentications SET result = $2, decision_made_by = $3, reason = $4,
         challenge_method = $5, challenge_status = $6, updated = $7 WHERE token = $1), ${outboxCtes(8)} SELECT 1`,
      [
        auth.token,
        auth.result,
        auth.decision_made_by,
        auth.reason,
        auth.challenge_method,
        auth.challenge_status,
        auth.updated,
        ...outboxValues(events),
      ],
    );
  }
}

function authValues(a: ThreeDsAuthenticationEntity): unknown[] {
  return [
    a.token,
    a.account_token,
    a.card_token,
    a.result,
    a.decision_made_by,
    a.reason,
    a.challenge_method,
    a.challenge_status,
    a.merchant_id,
    a.merchant_name,
    a.merchant_mcc,
    a.merchant_country,
    a.amount,
    a.currency,
    a.card_expiry_check,
    a.created,
    a.updated,
  ];
}
