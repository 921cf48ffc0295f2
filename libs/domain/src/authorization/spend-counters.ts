import type { Cents } from '../money.js';
import type { Polarity } from '../transaction/lifecycle.js';
import type { Usage } from './decide.js';
import type { UsageWindows } from './serialization.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/** The counter row that holds the lifetime total; it sorts after every day bucket. */
export const LIFETIME_BUCKET = 'infinity';

/** A transaction's part in the limits: approved debits held or settled; credits never count. */
export function countedAmount(t: { polarity: Polarity; pendingAmount: Cents; settledAmount: Cents }): Cents {
  return t.polarity === 'DEBIT' ? t.pendingAmount + t.settledAmount : 0;
}

/** The UTC day a transaction's `created` falls in: its bucket, for as long as it lives. */
export function bucketDay(created: Date): string {
  return created.toISOString().slice(0, 10);
}

/** The UTC hour a transaction's `created` falls in: its hour bucket, the finer level of its day's. */
export function bucketHour(created: Date): Date {
  return new Date(Math.floor(created.getTime() / HOUR_MS) * HOUR_MS);
}

/**
 * One counter row's change: a day bucket (or the lifetime row) and, for a day, its hour bucket. The
 * amount is what the spend limits count; `count` is how many counted transactions it adds (1 as a
 * transaction starts counting, -1 as it stops: a void, an expiry, a declined reservation), which the
 * velocity limits count with the amount.
 */
export interface CounterDelta {
  day: string;
  hour: Date | null;
  amount: Cents;
  count: number;
}

/**
 * What a change of a transaction's counted amount adds to its card's and account's counters: the
 * buckets of the day and of the hour it was created in (however long ago) and the lifetime total,
 * nothing when it did not change. Day first, so every writer locks counter rows in the same order.
 */
export function counterDeltas(created: Date, before: Cents, after: Cents): CounterDelta[] {
  const amount = after - before;
  const count = Number(after > 0) - Number(before > 0);
  return amount === 0
    ? []
    : [
        { day: bucketDay(created), hour: bucketHour(created), amount, count },
        { day: LIFETIME_BUCKET, hour: null, amount, count },
      ];
}

/**
 * How one trailing window is read: the whole day buckets after `daysAfter`, the whole hour buckets
 * from `hoursFrom` until `hoursUntil` (the rest of the start's day), and the counted transactions
 * from `edgeFrom` until `edgeUntil`, the partial edge, times `edgeSign`. The edge is the shorter
 * part of the start's hour, at most half an hour of one card or account, whatever the history: a
 * start late in its hour adds the transactions from it to the hour's end; a start early in its
 * hour reads that hour's bucket and takes away the transactions before it (edgeSign -1). A start
 * on a whole hour has no edge, and one at midnight UTC reads its own day's bucket and no hours. A
 * window from the epoch is the lifetime total; no window (null) reads nothing.
 */
export interface TrailingRead {
  daysAfter: string;
  hoursFrom: Date;
  hoursUntil: Date;
  edgeFrom: Date;
  edgeUntil: Date;
  edgeSign: 1 | -1;
}
export type WindowRead = TrailingRead | 'LIFETIME' | null;

export function windowRead(start: Date | null): WindowRead {
  if (start === null) return null;
  // No transaction is created before the epoch: the sandbox clock only runs ahead of real time.
  if (start.getTime() <= 0) return 'LIFETIME';
  const dayStart = Math.floor(start.getTime() / DAY_MS) * DAY_MS;
  // Velocity periods start at midnight Eastern, a whole hour in UTC: those read no transaction.
  if (start.getTime() === dayStart)
    return {
      daysAfter: bucketDay(new Date(dayStart - DAY_MS)),
      hoursFrom: start,
      hoursUntil: start,
      edgeFrom: start,
      edgeUntil: start,
      edgeSign: 1,
    };
  const hourStart = bucketHour(start);
  const into = start.getTime() - hourStart.getTime();
  const rest = { daysAfter: bucketDay(start), hoursUntil: new Date(dayStart + DAY_MS) };
  if (into < HOUR_MS / 2)
    return {
      ...rest,
      hoursFrom: hourStart,
      edgeFrom: hourStart,
      edgeUntil: start,
      edgeSign: into === 0 ? 1 : -1,
    };
  const hourEnd = new Date(hourStart.getTime() + HOUR_MS);
  return { ...rest, hoursFrom: hourEnd, edgeFrom: start, edgeUntil: hourEnd, edgeSign: 1 };
}

/** Each window's read, from the starts usageWindows() gives. */
export interface UsageReads {
  card: WindowRead;
  accountDaily: WindowRead;
  accountMonthly: WindowRead;
  accountLifetime: WindowRead;
}

export function usageReads(w: UsageWindows): UsageReads {
  return {
    card: windowRead(w.card),
    accountDaily: windowRead(w.accountDaily),
    accountMonthly: windowRead(w.accountMonthly),
    accountLifetime: windowRead(w.accountLifetime),
  };
}

/**
 * What one window's read found: the day buckets, the edge day's hour buckets, the edge's
 * transactions (already times edgeSign: negative when taken away from their hour's bucket), the
 * lifetime row.
 */
export interface WindowSums {
  days: Cents;
  hours: Cents;
  edge: Cents;
  lifetime: Cents;
}

export function windowUsage(read: WindowRead, sums: WindowSums): Cents {
  if (read === null) return 0;
  if (read === 'LIFETIME') return sums.lifetime;
  return sums.days + sums.hours + sums.edge;
}

export function usageOf(reads: UsageReads, sums: Record<keyof UsageReads, WindowSums>): Usage {
  return {
    card: windowUsage(reads.card, sums.card),
    accountDaily: windowUsage(reads.accountDaily, sums.accountDaily),
    accountMonthly: windowUsage(reads.accountMonthly, sums.accountMonthly),
    accountLifetime: windowUsage(reads.accountLifetime, sums.accountLifetime),
  };
}
