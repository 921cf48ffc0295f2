import type { CounterDelta, WindowRead, WindowSums } from '#domain';

/**
 * How many rows each account day is split in. Charges on different cards of one account (the
 * plain, unlocked path runs them in parallel) then add to different rows instead of queueing for
 * one; a window reads every stripe of its days. The stripe is the card token's last byte.
 */
export const COUNTER_STRIPES = 16;

/**
 * Two CTEs that add the deltas (day bucket, then lifetime row) to the card's counters, then to its
 * account's; the values start at parameter `$first`. Put them in the statement that changes the
 * counted amount, so the counters never disagree with the transactions. Every writer locks counter
 * rows in one order, card before account (the account's CTE reads the card's, so it runs second)
 * and each by day, so two writers never deadlock on them.
 */
export function counterCtes(first: number): string {
  const p = (i: number) => `$${first + i}`;
  const deltas = `unnest(${p(2)}::date[], ${p(3)}::bigint[]) AS d(day, amount)`;
  return `card_counted AS (
      INSERT INTO card_spend_counters AS s (card_token, day, amount)
      SELECT ${p(0)}::uuid, d.day, d.amount FROM ${deltas} ORDER BY d.day
      ON CONFLICT (card_token, day) DO UPDATE SET amount = s.amount + EXCLUDED.amount
      RETURNING 1),
    account_counted AS (
      INSERT INTO account_spend_counters AS s (account_token, day, stripe, amount)
      SELECT ${p(1)}::uuid, d.day, get_byte(uuid_send(${p(0)}::uuid), 15) % ${COUNTER_STRIPES}, d.amount
      FROM ${deltas} WHERE (SELECT count(*) FROM card_counted) >= 0 ORDER BY d.day
      ON CONFLICT (account_token, day, stripe) DO UPDATE SET amount = s.amount + EXCLUDED.amount)`;
}

export function counterValues(
  owner: { cardToken: string; accountToken: string },
  deltas: CounterDelta[],
): unknown[] {
  return [owner.cardToken, owner.accountToken, deltas.map((d) => d.day), deltas.map((d) => d.amount)];
}

export type CounterOwner = 'card' | 'account';

/**
 * The three sums of one window of an owner (WindowSums): its day buckets after `$after` (the
 * lifetime row excluded), the edge day's counted transactions (countedAmount(): DEBIT, held +
 * settled) from `$after+1` until `$after+2`, and its lifetime row. Null parameters read no rows.
 */
export function windowSumsSql(owner: CounterOwner, token: string, after: number, alias: string): string {
  return `(SELECT COALESCE(SUM(amount), 0) FROM ${owner}_spend_counters
      WHERE ${owner}_token = ${token} AND day > $${after}::date AND day < 'infinity') AS ${alias}_days,
    (SELECT COALESCE(SUM(pending_amount + settled_amount), 0) FROM transactions
      WHERE ${owner}_token = ${token} AND polarity = 'DEBIT'
        AND created >= $${after + 1}::timestamptz AND created < $${after + 2}::timestamptz) AS ${alias}_edge,
    (SELECT COALESCE(SUM(amount), 0) FROM ${owner}_spend_counters
      WHERE ${owner}_token = ${token} AND day = 'infinity') AS ${alias}_lifetime`;
}

/** A window's parameters for windowSumsSql; a lifetime window (or none) reads no day buckets. */
export function windowValues(read: WindowRead): [string | null, Date | null, Date | null] {
  return read && read !== 'LIFETIME' ? [read.daysAfter, read.edgeFrom, read.edgeUntil] : [null, null, null];
}

export function toWindowSums(row: Record<string, string>, alias: string): WindowSums {
  return {
    days: Number(row[`${alias}_days`]),
    edge: Number(row[`${alias}_edge`]),
    lifetime: Number(row[`${alias}_lifetime`]),
  };
}
