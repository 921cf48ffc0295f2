// The history sweep's card: a MONTHLY-limited card under a MONTH velocity limit (auth rule), with
// `size` settled debits inserted with SQL over the last 60 days, and its spend and velocity counters
// (day, hour and lifetime buckets) built as the migrations build them.
import pg from 'pg';

/** High enough that no run reaches it: the limit is there to make every charge read its window. */
export const SPEND_LIMIT = 100_000_000_000;

/** A new MONTHLY-limited card with `size` prior transactions; resolves with its token and PAN. */
export async function limitedCardWithHistory({ url, apiKey, databaseUrl, size }) {
  const response = await fetch(`${url}/v1/cards`, {
    method: 'POST',
    headers: { authorization: apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'VIRTUAL', spend_limit: SPEND_LIMIT, spend_limit_duration: 'MONTHLY' }),
  });
  const card = await response.json();
  if (response.status !== 201 && response.status !== 200)
    throw new Error(`POST /v1/cards: ${JSON.stringify(card)}`);
  await velocityLimit({ url, apiKey }, card.token);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await seedHistory(client, card.token, size);
    // Settle the inserts before the run is timed: vacuumed and analyzed now (autovacuum would
    // otherwise start on them during the run), and written out by a checkpoint where allowed.
    for (const table of ['transactions', 'card_velocity_counters', 'account_velocity_counters'])
      await client.query(`VACUUM ANALYZE ${table}`);
    await client.query('CHECKPOINT').catch(() => undefined);
  } finally {
    await client.end();
  }
  return card;
}

/** A promoted VELOCITY_LIMIT on the card: this month's approvals (but cash), never reached. */
async function velocityLimit({ url, apiKey }, cardToken) {
  const post = async (path, body) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: apiKey, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status >= 300)
      throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
    return response.json();
  };
  const rule = await post('/v2/auth_rules', {
    type: 'VELOCITY_LIMIT',
    card_tokens: [cardToken],
    parameters: {
      scope: 'CARD',
      period: { type: 'MONTH' },
      filters: { exclude_mccs: ['6011'] },
      limit_amount: SPEND_LIMIT,
    },
  });
  await post(`/v2/auth_rules/${rule.token}/promote`);
}

/**
 * Inserts `size` settled debits on the card over the last 60 days and adds them to its card's
 * counters, and its account's if it keeps them (accounts.counts_spend), bucketed as the migrations
 * bucket them. Every bucket is added to, never
 * assumed new: the card's account already has counters from earlier runs (its LIFETIME and
 * today's buckets, in the stripe of whichever card wrote them), and a plain INSERT collides.
 */
export async function seedHistory(client, cardToken, size) {
  const { rows: owner } = await client.query('SELECT account_token FROM cards WHERE token = $1', [cardToken]);
  // This call's rows, apart from any earlier call's (already counted).
  await client.query('DROP TABLE IF EXISTS pg_temp.seeded');
  await client.query(
    `CREATE TEMPORARY TABLE seeded AS
     SELECT gen_random_uuid() AS token, now() - random() * interval '60 days' AS t FROM generate_series(1, $1::int)`,
    [size],
  );
  await client.query(
    `INSERT INTO transactions (token, account_token, card_token, status, result, polarity, authorization_amount,
       pending_amount, settled_amount, merchant_amount, merchant_currency, descriptor, mcc, merchant_acceptor_id,
       merchant_city, merchant_state, merchant_country, partial_approval_capable, authorization_code, network,
       created, updated)
     SELECT token, $1, $2, 'SETTLED', 'APPROVED', 'DEBIT', 1, 0, 1, 1, 'USD', 'HISTORY', '5999', '',
       '', '', 'USA', false, '000000', 'VISA', t, t
     FROM seeded`,
    [owner[0].account_token, cardToken],
  );
  const history = `FROM transactions WHERE token IN (SELECT token FROM seeded)`;
  const stripe = `get_byte(uuid_send(card_token), 15) % 16`;
  const hour = `date_trunc('hour', created AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;
  await client.query(
    `WITH counted AS (SELECT *, pending_amount + settled_amount AS counted ${history}),
       buckets AS (
         SELECT counted.*, 'DAY' AS span, date_trunc('day', created AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS at FROM counted
         UNION ALL SELECT counted.*, 'HOUR', ${hour} FROM counted
         UNION ALL SELECT counted.*, 'LIFETIME', 'infinity' FROM counted),
       card_counted AS (
         INSERT INTO card_velocity_counters AS v (card_token, span, at, mcc, country, count, amount)
         SELECT card_token, span, at, mcc, merchant_country, count(*), SUM(counted) FROM buckets GROUP BY 1, 2, 3, 4, 5
         ON CONFLICT (card_token, span, at, mcc, country)
         DO UPDATE SET count = v.count + EXCLUDED.count, amount = v.amount + EXCLUDED.amount)
     INSERT INTO account_velocity_counters AS v (account_token, span, at, stripe, mcc, country, count, amount)
     SELECT account_token, span, at, ${stripe}, mcc, merchant_country, count(*), SUM(counted)
     FROM buckets WHERE (SELECT counts_spend FROM accounts a WHERE a.token = buckets.account_token)
     GROUP BY 1, 2, 3, 4, 5, 6
     ON CONFLICT (account_token, span, at, stripe, mcc, country)
     DO UPDATE SET count = v.count + EXCLUDED.count, amount = v.amount + EXCLUDED.amount`,
  );
  await client.query('DROP TABLE seeded');
}
