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
  c.exp_month, c.exp_year, c.locked_merchant, c.consumed, c.memo, a.state AS account_state,
  a.daily_spend_limit, a.monthly_spend_limit, a.lifetime_spend_limit, r.url AS responder_url, a.auth_stream_secret_sealed
  FROM cards c JOIN accounts a ON a.token = c.account_token
  LEFT JOIN responder_endpoints r ON r.account_token = c.account_token AND r.type = 'AUTH_STREAM_ACCESS'
  WHERE c.pan_hash = (SELECT pan_hash FROM bench_cards WHERE i = :i)
    AND c.account_token = (SELECT account_token FROM bench_cards WHERE i = :i) \gset

-- 2. record ('auth_record'): the transaction, its first event, the outbox (a
-- card_transaction.updated event with the whole transaction as its payload, plus a delivery
-- attempt per matching subscription) and the spend counters (day and lifetime, card and account) in one statement. The app passes its own tokens; pgbench
-- cannot make them, so the server does, and the events take the transaction token through
-- RETURNING. The payload is a real one of the same size (about 2 kB).
WITH t AS (INSERT INTO transactions (token, account_token, card_token, status, result, polarity,
  authorization_amount, pending_amount, settled_amount, merchant_amount, merchant_currency, descriptor, mcc,
  merchant_acceptor_id, merchant_city, merchant_state, merchant_country, partial_approval_capable,
  authorization_code, network, created, updated)
  VALUES (gen_random_uuid(), :account_token, :token, 'PENDING', 'APPROVED', 'DEBIT',
  :amount, :amount, 0, :amount, 'USD', 'BENCH SHOP', '5999',
  '', '', '', 'USA', false,
  '123456', 'VISA', now(), now())
  RETURNING token, created, account_token),
ev AS (INSERT INTO events (token, account_token, event_type, payload, created)
  SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), t.account_token, 'card_transaction.updated',
  '{"avs": null, "pos": {"terminal": {"type": "ECOMMERCE", "attended": false, "operator": "UNKNOWN", "on_premise": false, "pin_capability": "NOT_CAPABLE", "acceptor_terminal_id": null, "card_retention_capable": false, "partial_approval_capable": false}, "entry_mode": {"pan": "ECOMMERCE", "card": "NOT_PRESENT", "cardholder": "NOT_PRESENT", "pin_entered": false}}, "tags": {}, "token": "b6d1232e-edc2-4731-a743-8fd451c84ae2", "amount": 2325, "events": [{"type": "AUTHORIZATION", "token": "fd37f6b0-d9ca-4660-9c90-b58c2128edee", "amount": 2325, "result": "APPROVED", "amounts": {"merchant": {"amount": 2325, "currency": "USD"}, "cardholder": {"amount": 2325, "currency": "USD", "conversion_rate": "1.000000"}, "settlement": null}, "created": "2026-11-21T18:45:55.010Z", "network_info": {"amex": null, "visa": {"transaction_id": null, "original_transaction_id": null}, "acquirer": {"acquirer_reference_number": null, "retrieval_reference_number": null}, "mastercard": null}, "rule_results": [], "detailed_results": ["APPROVED"], "effective_polarity": "DEBIT"}], "result": "APPROVED", "status": "PENDING", "amounts": {"hold": {"amount": 2325, "currency": "USD"}, "merchant": {"amount": 2325, "currency": "USD"}, "cardholder": {"amount": 2325, "currency": "USD", "conversion_rate": "1.000000"}, "settlement": {"amount": 0, "currency": "USD"}}, "created": "2026-11-21T18:45:55.010Z", "network": "VISA", "updated": "2026-11-21T18:45:55.010Z", "merchant": {"mcc": "5999", "city": "", "state": "", "country": "USA", "descriptor": "BENCH SHOP", "acceptor_id": "", "postal_code": null, "phone_number": null, "street_address": null, "acquiring_institution_id": "000000"}, "card_token": "12d3e0b3-b67d-4591-98a0-7602e83cfe39", "token_info": null, "acquirer_fee": 0, "account_token": "efe044c2-e99d-4a91-9516-add286a22a1f", "settled_amount": 0, "merchant_amount": 2325, "service_location": null, "merchant_currency": "USD", "authorization_code": "216743", "network_risk_score": null, "authorization_amount": 2325, "financial_account_token": null, "acquirer_reference_number": null, "cardholder_authentication": null, "merchant_authorization_amount": 2325}', t.created FROM t
  RETURNING token, account_token, event_type),
queued AS (INSERT INTO message_attempts (token, account_token, event_token, event_subscription_token, url, status, attempt,
  next_attempt_at, created, updated)
  SELECT 'atmpt_' || replace(gen_random_uuid()::text, '-', ''), ev.account_token, ev.token, s.token, s.url, 'PENDING', 1,
  now(), now(), now()
  FROM ev JOIN event_subscriptions s ON s.account_token = ev.account_token AND NOT s.disabled
  AND (cardinality(s.event_types) = 0 OR ev.event_type = ANY(s.event_types))),
card_counted AS (INSERT INTO card_spend_counters AS s (card_token, day, amount)
  SELECT :token::uuid, d.day, d.amount
  FROM unnest(ARRAY[(now() AT TIME ZONE 'UTC')::date, 'infinity'::date], ARRAY[:amount, :amount]::bigint[]) AS d(day, amount)
  ORDER BY d.day
  ON CONFLICT (card_token, day) DO UPDATE SET amount = s.amount + EXCLUDED.amount
  RETURNING 1),
account_counted AS (INSERT INTO account_spend_counters AS s (account_token, day, stripe, amount)
  SELECT :account_token::uuid, d.day, get_byte(uuid_send(:token::uuid), 15) % 16, d.amount
  FROM unnest(ARRAY[(now() AT TIME ZONE 'UTC')::date, 'infinity'::date], ARRAY[:amount, :amount]::bigint[]) AS d(day, amount)
  WHERE (SELECT count(*) FROM card_counted) >= 0 ORDER BY d.day
  ON CONFLICT (account_token, day, stripe) DO UPDATE SET amount = s.amount + EXCLUDED.amount)
INSERT INTO transaction_events (token, transaction_token, type, amount, polarity, result,
  detailed_result, rule, explanation, created)
  SELECT gen_random_uuid(), t.token, 'AUTHORIZATION', :amount, 'DEBIT', 'APPROVED',
  'APPROVED', NULL, NULL, t.created FROM t;
