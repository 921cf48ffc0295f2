import type { CounterDelta, WindowRead, WindowSums } from '#domain';

/**
 * How many rows each account day is split in. Charges on different cards of one account (the
 * plain, unlocked path runs them in parallel) then add to different rows instead of queueing for
 * one; a window reads every stripe of its days. The stripe is the card token's last byte.
 */
export const COUNTER_STRIPES = 16;

/**
 * Three CTEs that add the deltas to the card's counters, then to its account's (in stripes) if the
 * account keeps them (accounts.counts_spend): the count and amount of approved debits per UTC day,
 * hour and lifetime, by merchant category and country. Spend limits and velocity rules both read
 * them: a spend window sums its buckets over every category and country. The values start at
 * parameter `$first` (eight of them: counterValues). Put them in the statement that changes the
 * counted amount, so the counters never disagree with the transactions.
 *
 * The account's flag is read FOR KEY SHARE, the lock the transaction's foreign key takes anyway,
 * and held to the commit: countSpend, which sets the flag and counts the transactions, locks the
 * account FOR UPDATE, so it waits for every writer that read the flag unset (their transactions
 * are committed when it counts), and every later writer waits for it and reads the flag set.
 *
 * Every writer locks in one order, account, card counters, then account counters, each by key:
 * the card counters' CTE reads the flag first and the account's reads the card's, so they run in
 * that order, and two writers never deadlock on them.
 */
export function counterCtes(first: number): string {
  const p = (i: number) => `$${first + i}`;
  const deltas = `unnest(${p(2)}::date[], ${p(3)}::timestamptz[], ${p(4)}::bigint[], ${p(5)}::integer[]) AS d(day, hour, amount, count)`;
  const stripe = `get_byte(uuid_send(${p(0)}::uuid), 15) % ${COUNTER_STRIPES}`;
  return `account_counting AS (SELECT counts_spend FROM accounts WHERE token = ${p(1)}::uuid FOR KEY SHARE),
    card_velocity_counted AS (
      INSERT INTO card_velocity_counters AS s (card_token, span, at, mcc, country, count, amount)
      SELECT ${p(0)}::uuid, b.span, b.at, ${p(6)}, ${p(7)}, d.count, d.amount
      FROM ${deltas} CROSS JOIN LATERAL ${velocityBuckets('d')}
      WHERE b.at IS NOT NULL AND (SELECT counts_spend FROM account_counting) IS NOT NULL ORDER BY b.span, b.at
      ON CONFLICT (card_token, span, at, mcc, country)
        DO UPDATE SET count = s.count + EXCLUDED.count, amount = s.amount + EXCLUDED.amount
      RETURNING 1),
    account_velocity_counted AS (
      INSERT INTO account_velocity_counters AS s (account_token, span, at, stripe, mcc, country, count, amount)
      SELECT ${p(1)}::uuid, b.span, b.at, ${stripe}, ${p(6)}, ${p(7)}, d.count, d.amount
      FROM ${deltas} CROSS JOIN LATERAL ${velocityBuckets('d')}
      WHERE b.at IS NOT NULL AND (SELECT count(*) FROM card_velocity_counted) >= 0
        AND (SELECT counts_spend FROM account_counting) ORDER BY b.span, b.at
      ON CONFLICT (account_token, span, at, stripe, mcc, country)
        DO UPDATE SET count = s.count + EXCLUDED.count, amount = s.amount + EXCLUDED.amount)`;
}

/**
 * The velocity buckets of a delta row `d` (or of a transaction with `day` and `hour` columns): its
 * UTC day (or the lifetime row, for the lifetime delta) and its hour, as `b(span, at)`.
 */
function velocityBuckets(d: string): string {
  return `(VALUES (CASE WHEN ${d}.day = 'infinity' THEN 'LIFETIME' ELSE 'DAY' END, ${d}.day::timestamp AT TIME ZONE 'UTC'),
      ('HOUR', ${d}.hour)) AS b(span, at)`;
}

/**
 * A window's bucket rows, as both its readers (windowSumsSql, velocitySumsSql) pick them: the
 * whole UTC days after the day of the date parameter `after` (the lifetime row excluded), and the
 * hours from `from` until `until`.
 */
function dayBucketsAfter(after: string): string {
  return `span = 'DAY' AND at > (${after}::date)::timestamp AT TIME ZONE 'UTC' AND at < 'infinity'`;
}

function hourBucketsBetween(from: string, until: string): string {
  return `span = 'HOUR' AND at >= ${from}::timestamptz AND at < ${until}::timestamptz`;
}

/** Where a velocity read starts: the counter tables, and the transactions of the window's edge (windowRead). */
export interface VelocityWindow {
  ownerToken: string;
  read: WindowRead;
  includeMccs: string[] | null;
  excludeMccs: string[] | null;
  includeCountries: string[] | null;
  excludeCountries: string[] | null;
}

/**
 * A velocity rule's usage in one window of a card (or an account, over its stripes), after the
 * rule's filters, from the counters as windowSumsSql reads the spend counters: the buckets and the
 * edge transactions windowRead() names, or the lifetime rows. Cash is MCC 6010 and 6011 (CASH_MCCS).
 */
export function velocitySumsSql(owner: CounterOwner): string {
  const filters = (
    country: string,
  ) => `($9::varchar[] IS NULL OR mcc = ANY($9)) AND ($10::varchar[] IS NULL OR NOT mcc = ANY($10))
      AND ($11::varchar[] IS NULL OR ${country} = ANY($11)) AND ($12::varchar[] IS NULL OR NOT ${country} = ANY($12))`;
  return `SELECT COALESCE(SUM(count), 0) AS count, COALESCE(SUM(amount), 0) AS amount,
      COALESCE(SUM(count) FILTER (WHERE mcc IN ('6010', '6011')), 0) AS cash_count,
      COALESCE(SUM(amount) FILTER (WHERE mcc IN ('6010', '6011')), 0) AS cash_amount
    FROM (SELECT mcc, count, amount FROM ${owner}_velocity_counters
        WHERE ${owner}_token = $1 AND ${filters('country')} AND (
          (${dayBucketsAfter('$2')})
          OR (${hourBucketsBetween('$3', '$4')})
          OR (span = 'LIFETIME' AND $8::boolean))
      UNION ALL
      SELECT mcc, $7::integer, $7::integer * (pending_amount + settled_amount) FROM transactions
        WHERE ${owner}_token = $1 AND polarity = 'DEBIT' AND pending_amount + settled_amount > 0
          AND created >= $5::timestamptz AND created < $6::timestamptz AND ${filters('merchant_country')}) AS counted`;
}

export function velocityValues(w: VelocityWindow): unknown[] {
  return [
    w.ownerToken,
    ...windowValues(w.read),
    w.read === 'LIFETIME',
    w.includeMccs,
    w.excludeMccs,
    w.includeCountries,
    w.excludeCountries,
  ];
}

/** The counters' owners, and the merchant fields the velocity counters are kept by. */
export interface CountedTransaction {
  cardToken: string;
  accountToken: string;
  mcc: string;
  merchantCountry: string;
}

export function counterValues(owner: CountedTransaction, deltas: CounterDelta[]): unknown[] {
  return [
    owner.cardToken,
    owner.accountToken,
    deltas.map((d) => d.day),
    deltas.map((d) => d.hour),
    deltas.map((d) => d.amount),
    deltas.map((d) => d.count),
    owner.mcc,
    owner.merchantCountry,
  ];
}

/** An account's counted transactions, as `counted`, and their velocity buckets, as `velocity`. */
const COUNTED_BUCKETS = `counted AS (
    SELECT card_token, get_byte(uuid_send(card_token), 15) % ${COUNTER_STRIPES} AS stripe,
      (created AT TIME ZONE 'UTC')::date AS day,
      date_trunc('hour', created AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour,
      pending_amount + settled_amount AS amount, mcc, merchant_country AS country
    FROM transactions WHERE account_token = $1 AND polarity = 'DEBIT'),
  velocity AS (
    SELECT counted.*, b.span, b.at FROM counted CROSS JOIN LATERAL ${velocityBuckets('counted')}
    UNION ALL SELECT counted.*, 'LIFETIME', 'infinity' FROM counted)`;

const INSERT_ACCOUNT_COUNTERS = `INSERT INTO account_velocity_counters (account_token, span, at, stripe, mcc, country, count, amount)
  SELECT $1, span, at, stripe, mcc, country, count(*) FILTER (WHERE amount > 0), SUM(amount)
  FROM velocity`;

/**
 * Builds every counter of an account's transactions, for an account whose counters are empty (a
 * restore, after its reset): approved debits held or settled per UTC day and hour of creation and
 * in total, by merchant category and country, per card, and per account (in stripes) if it keeps
 * them, as the write paths keep them. `$1` is the account.
 */
export const COUNT_ACCOUNT_TRANSACTIONS = `WITH ${COUNTED_BUCKETS},
  card_velocity AS (
    INSERT INTO card_velocity_counters (card_token, span, at, mcc, country, count, amount)
    SELECT card_token, span, at, mcc, country, count(*) FILTER (WHERE amount > 0), SUM(amount)
    FROM velocity GROUP BY 1, 2, 3, 4, 5)
  ${INSERT_ACCOUNT_COUNTERS} WHERE (SELECT counts_spend FROM accounts WHERE token = $1) GROUP BY 2, 3, 4, 5, 6`;

/**
 * Builds the account counters of an account that kept none (countSpend), from its transactions.
 * A statement of its own after the lock: in READ COMMITTED it then sees every transaction that the
 * writers it waited for committed.
 */
export const COUNT_ACCOUNT_SPEND = `WITH ${COUNTED_BUCKETS}
  ${INSERT_ACCOUNT_COUNTERS} GROUP BY 2, 3, 4, 5, 6`;

export type CounterOwner = 'card' | 'account';

/**
 * The four sums of one window of an owner (WindowSums), from six parameters at `$after`
 * (windowValues): its day buckets after `$after` (the lifetime row excluded), the hour buckets
 * from `$after+1` until `$after+2`, the edge's counted transactions (countedAmount(): DEBIT,
 * held + settled) from `$after+3` until `$after+4` times the sign `$after+5` (none for a start on a
 * whole hour), and its lifetime row. Null parameters, or bounds that meet, read no rows. The
 * buckets are the velocity counters' of every merchant category and country.
 */
export function windowSumsSql(owner: CounterOwner, token: string, after: number, alias: string): string {
  const p = (i: number) => `$${after + i}`;
  const counters = `FROM ${owner}_velocity_counters WHERE ${owner}_token = ${token}`;
  return `(SELECT COALESCE(SUM(amount), 0) ${counters} AND ${dayBucketsAfter(p(0))}) AS ${alias}_days,
    (SELECT COALESCE(SUM(amount), 0) ${counters} AND ${hourBucketsBetween(p(1), p(2))}) AS ${alias}_hours,
    ${p(5)}::integer * (SELECT COALESCE(SUM(pending_amount + settled_amount), 0) FROM transactions
      WHERE ${owner}_token = ${token} AND polarity = 'DEBIT'
        AND created >= ${p(3)}::timestamptz AND created < ${p(4)}::timestamptz) AS ${alias}_edge,
    (SELECT COALESCE(SUM(amount), 0) ${counters} AND span = 'LIFETIME') AS ${alias}_lifetime`;
}

/** A window's parameters for windowSumsSql; a lifetime window (or none) reads no buckets. */
export function windowValues(read: WindowRead): (string | Date | number | null)[] {
  return read && read !== 'LIFETIME'
    ? [read.daysAfter, read.hoursFrom, read.hoursUntil, read.edgeFrom, read.edgeUntil, read.edgeSign]
    : [null, null, null, null, null, 1];
}

export function toWindowSums(row: Record<string, string>, alias: string): WindowSums {
  return {
    days: Number(row[`${alias}_days`]),
    hours: Number(row[`${alias}_hours`]),
    edge: Number(row[`${alias}_edge`]),
    lifetime: Number(row[`${alias}_lifetime`]),
  };
}
