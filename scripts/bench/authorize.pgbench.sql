-- pgbench script: the SQL of one POST /v1/simulate/authorize on a plain VIRTUAL card, as
-- AuthorizationsRepository issues it (libs/persistence/src/repositories/authorizations.repository.ts):
-- two autocommitted statements, no BEGIN/COMMIT, no lock. The API key lookup is cached by the
-- guard, so it costs no query per request and is left out.
--
-- bench_cards (i, pan_hash, account_token) is built by scripts/bench.mjs from the cards the app
-- created. The app computes pan_hash in process (an HMAC of the PAN); here it is looked up in a
-- subquery of the same statement, so the round-trip count stays at two, as in the app.
-- The card count (ncards) is passed with -D.

\set i random(1, :ncards)
\set amount random(1, 5000)

-- 1. findByPanHash ('auth_find_card'): the card joined with its account.
SELECT c.token, c.account_token, c.type, c.state, c.spend_limit, c.spend_limit_duration,
  c.exp_month, c.exp_year, c.locked_merchant, c.consumed, a.state AS account_state,
  a.daily_spend_limit, a.monthly_spend_limit, a.lifetime_spend_limit
  FROM cards c JOIN accounts a ON a.token = c.account_token
  WHERE c.pan_hash = (SELECT pan_hash FROM bench_cards WHERE i = :i)
    AND c.account_token = (SELECT account_token FROM bench_cards WHERE i = :i) \gset

-- 2. record ('auth_record'): the transaction and its first event in one statement. The app passes
-- its own UUIDs (the event reuses the transaction's as $1); pgbench cannot make UUIDs, so the
-- server does, and the event takes the transaction token through RETURNING.
WITH t AS (INSERT INTO transactions (token, account_token, card_token, status, result, polarity,
  authorization_amount, pending_amount, settled_amount, merchant_amount, merchant_currency, descriptor, mcc,
  merchant_acceptor_id, merchant_city, merchant_state, merchant_country, partial_approval_capable,
  authorization_code, network, created, updated)
  VALUES (gen_random_uuid(), :account_token, :token, 'PENDING', 'APPROVED', 'DEBIT',
  :amount, :amount, 0, :amount, 'USD', 'BENCH SHOP', '5999',
  '', '', '', 'USA', false,
  '123456', 'VISA', now(), now())
  RETURNING token, created)
INSERT INTO transaction_events (token, transaction_token, type, amount, polarity, result,
  detailed_result, rule, explanation, created)
  SELECT gen_random_uuid(), t.token, 'AUTHORIZATION', :amount, 'DEBIT', 'APPROVED',
  'APPROVED', NULL, NULL, t.created FROM t;
