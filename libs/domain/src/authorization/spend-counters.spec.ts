import { describe, expect, it } from '@jest/globals';
import type { Polarity } from '../transaction/lifecycle.js';
import {
  bucketDay,
  bucketHour,
  countedAmount,
  counterDeltas,
  LIFETIME_BUCKET,
  usageOf,
  usageReads,
  windowRead,
  windowUsage,
  type WindowRead,
} from './spend-counters.js';
import { accountWindowStarts, cardWindowStart } from './windows.js';

const at = (iso: string) => new Date(iso);

describe('countedAmount', () => {
  it.each<[Polarity, number, number, number]>([
    ['DEBIT', 500, 0, 500],
    ['DEBIT', 0, 700, 700],
    ['DEBIT', 200, 300, 500],
    ['DEBIT', 0, 0, 0],
    ['CREDIT', 500, 0, 0],
    ['CREDIT', 0, 700, 0],
  ])('a %s held %i and settled %i counts %i', (polarity, pendingAmount, settledAmount, counted) => {
    expect(countedAmount({ polarity, pendingAmount, settledAmount })).toBe(counted);
  });
});

describe('bucketDay', () => {
  it.each([
    ['2026-03-15T12:34:56.789Z', '2026-03-15'],
    ['2026-03-15T00:00:00.000Z', '2026-03-15'],
    ['2026-03-15T23:59:59.999Z', '2026-03-15'],
    ['2028-02-29T10:00:00.000Z', '2028-02-29'],
  ])('a transaction created at %s is in the bucket of %s (UTC)', (created, day) => {
    expect(bucketDay(at(created))).toBe(day);
  });
});

describe('bucketHour', () => {
  it.each([
    ['2026-03-15T12:34:56.789Z', '2026-03-15T12:00:00.000Z'],
    ['2026-03-15T00:00:00.000Z', '2026-03-15T00:00:00.000Z'],
    ['2026-03-15T23:59:59.999Z', '2026-03-15T23:00:00.000Z'],
  ])('a transaction created at %s is in the hour bucket of %s (UTC)', (created, hour) => {
    expect(bucketHour(at(created))).toEqual(at(hour));
  });
});

describe('counterDeltas', () => {
  const created = at('2026-01-10T08:17:00.000Z');
  const hour = at('2026-01-10T08:00:00.000Z');
  it.each<[string, number, number, { day: string; hour: Date | null; amount: number; count: number }[]]>([
    [
      'an approval',
      0,
      500,
      [
        { day: '2026-01-10', hour, amount: 500, count: 1 },
        { day: LIFETIME_BUCKET, hour: null, amount: 500, count: 1 },
      ],
    ],
    [
      'a partial clearing of less than held',
      500,
      300,
      [
        { day: '2026-01-10', hour, amount: -200, count: 0 },
        { day: LIFETIME_BUCKET, hour: null, amount: -200, count: 0 },
      ],
    ],
    [
      'a clearing of more than held',
      500,
      800,
      [
        { day: '2026-01-10', hour, amount: 300, count: 0 },
        { day: LIFETIME_BUCKET, hour: null, amount: 300, count: 0 },
      ],
    ],
    [
      'a void or an expiry',
      500,
      0,
      [
        { day: '2026-01-10', hour, amount: -500, count: -1 },
        { day: LIFETIME_BUCKET, hour: null, amount: -500, count: -1 },
      ],
    ],
    ['a full clearing (held becomes settled)', 500, 500, []],
    ['a decline or a credit', 0, 0, []],
  ])('%s adds to the buckets of the created day and hour and to the lifetime', (_, before, after, deltas) => {
    expect(counterDeltas(created, before, after)).toEqual(deltas);
  });

  it('puts a change a month later in the buckets of the day and hour the transaction was created in', () => {
    const [delta] = counterDeltas(at('2025-12-31T23:59:59.999Z'), 100, 0);
    expect(delta).toEqual({
      day: '2025-12-31',
      hour: at('2025-12-31T23:00:00.000Z'),
      amount: -100,
      count: -1,
    });
  });
});

describe('windowRead', () => {
  it.each<[string, string | null, WindowRead]>([
    ['no window', null, null],
    ['a window from the epoch', '1970-01-01T00:00:00.000Z', 'LIFETIME'],
    [
      'a window starting mid-day',
      '2026-02-15T12:34:56.789Z',
      {
        daysAfter: '2026-02-15',
        hoursFrom: at('2026-02-15T13:00:00.000Z'),
        hoursUntil: at('2026-02-16T00:00:00.000Z'),
        edgeFrom: at('2026-02-15T12:34:56.789Z'),
        edgeUntil: at('2026-02-15T13:00:00.000Z'),
        edgeSign: 1,
      },
    ],
    [
      'a window starting early in its hour: the hour bucket, less the transactions before the start',
      '2026-02-15T12:04:56.789Z',
      {
        daysAfter: '2026-02-15',
        hoursFrom: at('2026-02-15T12:00:00.000Z'),
        hoursUntil: at('2026-02-16T00:00:00.000Z'),
        edgeFrom: at('2026-02-15T12:00:00.000Z'),
        edgeUntil: at('2026-02-15T12:04:56.789Z'),
        edgeSign: -1,
      },
    ],
    [
      'a window starting at midnight UTC: its day bucket, no hour, no transaction',
      '2026-02-15T00:00:00.000Z',
      {
        daysAfter: '2026-02-14',
        hoursFrom: at('2026-02-15T00:00:00.000Z'),
        hoursUntil: at('2026-02-15T00:00:00.000Z'),
        edgeFrom: at('2026-02-15T00:00:00.000Z'),
        edgeUntil: at('2026-02-15T00:00:00.000Z'),
        edgeSign: 1,
      },
    ],
    [
      'a window starting on a whole hour (midnight Eastern): its hour bucket, no transaction',
      '2026-02-15T05:00:00.000Z',
      {
        daysAfter: '2026-02-15',
        hoursFrom: at('2026-02-15T05:00:00.000Z'),
        hoursUntil: at('2026-02-16T00:00:00.000Z'),
        edgeFrom: at('2026-02-15T05:00:00.000Z'),
        edgeUntil: at('2026-02-15T05:00:00.000Z'),
        edgeSign: 1,
      },
    ],
    [
      'a window starting in the last millisecond of a year',
      '2025-12-31T23:59:59.999Z',
      {
        daysAfter: '2025-12-31',
        hoursFrom: at('2026-01-01T00:00:00.000Z'),
        hoursUntil: at('2026-01-01T00:00:00.000Z'),
        edgeFrom: at('2025-12-31T23:59:59.999Z'),
        edgeUntil: at('2026-01-01T00:00:00.000Z'),
        edgeSign: 1,
      },
    ],
  ])('%s (%s) reads %p', (_, start, read) => {
    expect(windowRead(start === null ? null : at(start))).toEqual(read);
  });

  /** How many times a read counts a transaction created at `t`: by its day, its hour, or itself. */
  const timesCounted = (read: Exclude<WindowRead, 'LIFETIME' | null>, t: Date) =>
    Number(bucketDay(t) > read.daysAfter) +
    Number(bucketHour(t) >= read.hoursFrom && bucketHour(t) < read.hoursUntil) +
    read.edgeSign * Number(t >= read.edgeFrom && t < read.edgeUntil);

  it.each([
    '2026-02-15T12:34:56.789Z',
    '2026-02-15T12:04:56.789Z',
    '2026-02-15T12:30:00.000Z',
    '2026-02-15T12:29:59.999Z',
    '2026-02-15T23:00:00.000Z',
    '2026-02-15T00:00:00.001Z',
    '2026-02-15T00:00:00.000Z',
    '2026-02-15T05:00:00.000Z',
    '2025-12-31T23:59:59.999Z',
  ])('counts every instant from %s on exactly once, and none before it', (iso) => {
    const start = at(iso);
    const read = windowRead(start) as Exclude<WindowRead, 'LIFETIME' | null>;
    expect(read.hoursFrom.getTime() % 3_600_000).toBe(0);
    expect(read.edgeUntil.getTime() - read.edgeFrom.getTime()).toBeLessThanOrEqual(1_800_000);
    const offsets = [1, 1_000, 60_000, 1_800_000, 3_599_999, 3_600_000, 7_200_000, 43_200_000, 86_400_000];
    for (const ms of [0, ...offsets, 2 * 86_400_000, 40 * 86_400_000]) {
      const t = new Date(start.getTime() + ms);
      expect({ t, counted: timesCounted(read, t) }).toEqual({ t, counted: 1 });
    }
    for (const ms of offsets) {
      const t = new Date(start.getTime() - ms);
      expect({ t, counted: timesCounted(read, t) }).toEqual({ t, counted: 0 });
    }
  });
});

describe('windowUsage', () => {
  const sums = { days: 1000, hours: 200, edge: 30, lifetime: 5000 };
  it.each<[string, WindowRead, number]>([
    ['no window', null, 0],
    ['the lifetime', 'LIFETIME', 5000],
    ['a trailing window', windowRead(at('2026-02-15T12:00:00.000Z')), 1230],
  ])('%s uses %p', (_, read, used) => {
    expect(windowUsage(read, sums)).toBe(used);
  });
});

describe('usageOf', () => {
  const now = at('2026-03-15T12:00:00.000Z');
  const account = accountWindowStarts(now);
  const sums = (days: number, edge: number, lifetime: number) => ({ days, hours: 0, edge, lifetime });

  it.each<[string, Date | null, number]>([
    ['a MONTHLY card limit', cardWindowStart('MONTHLY', now), 110],
    ['a FOREVER card limit', cardWindowStart('FOREVER', now), 900],
    ['a TRANSACTION card limit', cardWindowStart('TRANSACTION', now), 0],
  ])('assembles %s from its buckets, its edge day or its lifetime row', (_, cardStart, cardUsed) => {
    const reads = usageReads({
      card: cardStart,
      accountDaily: account.daily,
      accountMonthly: null,
      accountLifetime: account.lifetime,
    });
    expect(
      usageOf(reads, {
        card: sums(100, 10, 900),
        accountDaily: sums(20, 2, 4000),
        accountMonthly: sums(300, 30, 4000),
        accountLifetime: sums(0, 0, 4000),
      }),
    ).toEqual({ card: cardUsed, accountDaily: 22, accountMonthly: 0, accountLifetime: 4000 });
  });
});
