// The pgbench scripts of the ceilings: for each path, the SQL one POST /v1/simulate/authorize issues,
// in the same round trips, as libs/persistence/src/repositories/authorizations.repository.ts writes
// it; the card read, outbox, counter and usage parts are taken from the build (chargeable-sql.ts,
// outbox.ts, spend-counters.ts). The rest is kept in step with the repository by hand: a change to
// the hot path's SQL belongs here too, or the ceiling stops being the app's.
//
// Differences that cost the server nothing measurable: pgbench cannot make tokens, so the server
// does (gen_random_uuid()); the windows' bounds are SQL expressions of now(), not parameters; a
// window the app passes as NULL parameters is written as NULL. The event payloads are variables
// (-D), so the server parses them on every execution, as it does the app's.
//
// The card is picked with `\set i random(1, :ncards)` from bench_cards (numberCards in database.mjs).
// Left out: the request journal's rows, which the app writes in the background in batches.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chargeableFrom } from '../../dist/libs/persistence/src/chargeable-sql.js';
import { outboxCtes } from '../../dist/libs/persistence/src/outbox.js';
import { counterCtes, windowSumsSql } from '../../dist/libs/persistence/src/spend-counters.js';

/** A card_transaction.updated payload of the app's size (about 2 kB). */
export const TRANSACTION_PAYLOAD = JSON.stringify({
  avs: null,
  pos: {
    terminal: {
      type: 'ECOMMERCE',
      attended: false,
      operator: 'UNKNOWN',
      on_premise: false,
      pin_capability: 'NOT_CAPABLE',
      acceptor_terminal_id: null,
      card_retention_capable: false,
      partial_approval_capable: false,
    },
    entry_mode: { pan: 'ECOMMERCE', card: 'NOT_PRESENT', cardholder: 'NOT_PRESENT', pin_entered: false },
  },
  tags: {},
  token: 'b6d1232e-edc2-4731-a743-8fd451c84ae2',
  amount: 2325,
  events: [
    {
      type: 'AUTHORIZATION',
      token: 'fd37f6b0-d9ca-4660-9c90-b58c2128edee',
      amount: 2325,
      result: 'APPROVED',
      amounts: {
        merchant: { amount: 2325, currency: 'USD' },
        cardholder: { amount: 2325, currency: 'USD', conversion_rate: '1.000000' },
        settlement: null,
      },
      created: '2026-11-21T18:45:55.010Z',
      network_info: {
        amex: null,
        visa: { transaction_id: null, original_transaction_id: null },
        acquirer: { acquirer_reference_number: null, retrieval_reference_number: null },
        mastercard: null,
      },
      rule_results: [],
      detailed_results: ['APPROVED'],
      effective_polarity: 'DEBIT',
    },
  ],
  result: 'APPROVED',
  status: 'PENDING',
  amounts: {
    hold: { amount: 2325, currency: 'USD' },
    merchant: { amount: 2325, currency: 'USD' },
    cardholder: { amount: 2325, currency: 'USD', conversion_rate: '1.000000' },
    settlement: { amount: 0, currency: 'USD' },
  },
  created: '2026-11-21T18:45:55.010Z',
  network: 'VISA',
  updated: '2026-11-21T18:45:55.010Z',
  merchant: {
    mcc: '5999',
    city: '',
    state: '',
    country: 'USA',
    descriptor: 'BENCH SHOP',
    acceptor_id: '',
    postal_code: null,
    phone_number: null,
    street_address: null,
    acquiring_institution_id: '000000',
  },
  card_token: '12d3e0b3-b67d-4591-98a0-7602e83cfe39',
  token_info: null,
  acquirer_fee: 0,
  account_token: 'efe044c2-e99d-4a91-9516-add286a22a1f',
  settled_amount: 0,
  merchant_amount: 2325,
  service_location: null,
  merchant_currency: 'USD',
  authorization_code: '216743',
  network_risk_score: null,
  authorization_amount: 2325,
  financial_account_token: null,
  acquirer_reference_number: null,
  cardholder_authentication: null,
  merchant_authorization_amount: 2325,
});

/** A card.updated payload (a single-use card closing), of the app's size. */
export const CARD_PAYLOAD = JSON.stringify({
  token: '12d3e0b3-b67d-4591-98a0-7602e83cfe39',
  account_token: 'efe044c2-e99d-4a91-9516-add286a22a1f',
  card_program_token: '5e9483eb-8103-4e16-9794-2106111b2eca',
  created: '2026-11-21T18:45:55.010Z',
  funding: null,
  last_four: '4242',
  memo: '',
  spend_limit: 0,
  spend_limit_duration: 'TRANSACTION',
  state: 'CLOSED',
  type: 'SINGLE_USE',
  exp_month: '11',
  exp_year: '2029',
  hostname: '',
  auth_rule_tokens: [],
  pending_commands: [],
  digital_card_art_token: null,
  product_id: null,
  cardholder_currency: 'USD',
  substatus: null,
  comment: null,
  network_program_token: null,
  replacement_for: null,
  card_token: '12d3e0b3-b67d-4591-98a0-7602e83cfe39',
  previous_fields: { state: 'OPEN' },
});

/**
 * The guard's read of the API key ('accounts_by_api_key'), with whether the account has API faults
 * (none here, so the app sends no fault probe). Every request sends it: keys are never cached.
 */
const API_KEY = `SELECT a.token, a.clock_offset_ms, EXISTS (SELECT 1 FROM faults f
    WHERE f.account_token = a.token AND f.target = 'api' AND f.remaining > 0) AS api_faults
  FROM api_keys k JOIN accounts a ON a.token = k.account_token WHERE k.key_hash = :key_hash;`;

/** findByPanHash ('auth_find_card'), autocommitted; the PAN hash comes from bench_cards. */
const FIND_CARD = `WITH found AS MATERIALIZED (SELECT * FROM cards WHERE pan_hash = (SELECT pan_hash FROM bench_cards WHERE i = :i))
  SELECT ${chargeableFrom('found')} WHERE c.account_token = (SELECT account_token FROM bench_cards WHERE i = :i) \\gset`;

const LOCK_ACCOUNT = `SELECT token FROM accounts WHERE token = :account_token FOR KEY SHARE;`;
/** lockCard ('auth_lock_card'): the whole card row and its account, the card locked. */
const LOCK_CARD = `WITH found AS MATERIALIZED (SELECT * FROM cards WHERE token = :token FOR UPDATE)
  SELECT c.*, ${chargeableFrom('found')} WHERE c.account_token = :account_token;`;

/**
 * One window's sums as usage ('auth_usage') reads them (windowSumsSql), its six parameters given
 * as SQL expressions; none: a window the app passes as NULL parameters.
 */
function windowSums(owner, token, alias, read = ['NULL', 'NULL', 'NULL', 'NULL', 'NULL', '1']) {
  return withParameters(windowSumsSql(owner, token, 1, alias), read);
}
const MONTH_AGO = `(now() - interval '1 month')`;
const HOUR_OF = `date_trunc('hour', ${MONTH_AGO})`;
const HOUR_AFTER = `(${HOUR_OF} + interval '1 hour')`;
/** windowRead(): the shorter part of the start's hour is the edge, taken away when it is the first. */
const EARLY = `(${MONTH_AGO} - ${HOUR_OF} < interval '30 minutes')`;
/** usage ('auth_usage') for a card with a MONTHLY limit on an account without limits. */
const USAGE_MONTHLY = `SELECT ${windowSums('card', ':token::uuid', 'card', [
  `${MONTH_AGO}::date`,
  `(CASE WHEN ${EARLY} THEN ${HOUR_OF} ELSE ${HOUR_AFTER} END)`,
  `(date_trunc('day', ${MONTH_AGO}) + interval '1 day')`,
  `(CASE WHEN ${EARLY} THEN ${HOUR_OF} ELSE ${MONTH_AGO} END)`,
  `(CASE WHEN ${EARLY} THEN ${MONTH_AGO} ELSE ${HOUR_AFTER} END)`,
  `(CASE WHEN ${EARLY} THEN -1 ELSE 1 END)`,
])},
  ${windowSums('account', ':account_token::uuid', 'daily')},
  ${windowSums('account', ':account_token::uuid', 'monthly')},
  ${windowSums('account', ':account_token::uuid', 'lifetime')};`;

const INSERT_TRANSACTION = (
  status,
) => `INSERT INTO transactions (token, account_token, card_token, status, result, polarity,
  authorization_amount, pending_amount, settled_amount, merchant_amount, merchant_currency, descriptor, mcc,
  merchant_acceptor_id, merchant_city, merchant_state, merchant_country, partial_approval_capable,
  authorization_code, network, created, updated, responder_deadline, idempotency_claim)
  VALUES (gen_random_uuid(), :account_token, :token, '${status}', 'APPROVED', 'DEBIT',
  :amount, :amount, 0, :amount, 'USD', 'BENCH SHOP', '5999', '', '', '', 'USA', false,
  '123456', 'VISA', now(), now(), NULL, NULL)
  RETURNING token, created`;

/**
 * The outbox and counter CTEs are the repositories' own (from the build), their parameters
 * replaced by pgbench's variables; only the events' JSON is built by the server, since pgbench
 * cannot make their tokens (the payloads are variables, parsed on every execution).
 */
function outbox(closesCard) {
  const event = (type, payload) =>
    `jsonb_build_object('token', 'msg_' || replace(gen_random_uuid()::text, '-', ''), 'account_token', :account_token::uuid,
      'event_type', '${type}', 'payload', :${payload}::jsonb, 'created', now())`;
  const events = [event('card_transaction.updated', 'payload')];
  if (closesCard) events.push(event('card.updated', 'card_payload'));
  return withParameters(outboxCtes(1), [`jsonb_build_array(${events.join(', ')})`]);
}

const COUNTERS = withParameters(counterCtes(1), [
  ':token',
  ':account_token',
  `ARRAY[(now() AT TIME ZONE 'UTC')::date, 'infinity'::date]`,
  `ARRAY[date_trunc('hour', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', NULL]`,
  'ARRAY[:amount, :amount]',
  'ARRAY[1, 1]',
  `'5999'`,
  `'USA'`,
]);

/** SQL with `$1`, `$2`… replaced by the expressions given (an expression in parentheses). */
function withParameters(sql, expressions) {
  return sql.replace(/\$(\d+)/g, (_match, n) => `(${expressions[Number(n) - 1]})`);
}

const INSERT_EVENT = `INSERT INTO transaction_events (token, transaction_token, type, amount, polarity, result,
  detailed_result, rule, explanation, created)
  SELECT gen_random_uuid(), t.token, 'AUTHORIZATION', :amount, 'DEBIT', 'APPROVED', 'APPROVED', NULL, NULL, t.created FROM t`;

/** record ('auth_record', or 'auth_record_change_card' when the charge closes the card). */
function record({ closesCard }) {
  const change = closesCard
    ? `c AS (UPDATE cards SET state = 'CLOSED', consumed = true, locked_merchant = '', closed_by = NULL, updated = now()
      WHERE token = :token),`
    : '';
  return `WITH t AS (${INSERT_TRANSACTION('PENDING')}), ${change}
  ${outbox(closesCard)},
  ${COUNTERS}
  ${INSERT_EVENT};`;
}

const PICK = `\\set i random(1, :ncards)
\\set amount random(1, 5000)
${API_KEY}`;

/**
 * The scripts by path. `plain`: two autocommitted statements. The locked paths: the card read, then
 * BEGIN with the locks (and the usage read) in one pipelined round trip, then the record with
 * COMMIT in another, as Sql.transaction() sends them.
 */
export const PGBENCH_SCRIPTS = {
  plain: `${PICK}\n${FIND_CARD}\n${record({ closesCard: false })}\n`,
  limited: locked({ usage: USAGE_MONTHLY, closesCard: false }),
  merchantLocked: locked({ usage: null, closesCard: false }),
  singleUse: locked({ usage: null, closesCard: true }),
};

function locked({ usage, closesCard }) {
  return `${PICK}
${FIND_CARD}
\\startpipeline
BEGIN;
${LOCK_ACCOUNT}
${LOCK_CARD}
${usage ?? ''}
\\endpipeline
\\startpipeline
${record({ closesCard })}
COMMIT;
\\endpipeline
`;
}

/**
 * Writes the script of `name` to a temporary file and returns its path and its -D variables.
 * `keyHash` is the key_hash of the API key the app's requests sent (api_keys).
 */
export async function pgbenchScript(name, keyHash) {
  const dir = await mkdtemp(join(tmpdir(), 'bench-pgbench-'));
  const file = join(dir, `${name}.pgbench.sql`);
  await writeFile(file, PGBENCH_SCRIPTS[name]);
  return { file, defines: { key_hash: keyHash, payload: TRANSACTION_PAYLOAD, card_payload: CARD_PAYLOAD } };
}
