import { describe, expect, it } from '@jest/globals';
import { MAX_BACKOFF_MS, retryDelayMs, retrySchedule } from './backoff.js';

describe('retryDelayMs', () => {
  it('doubles the wait after each failed attempt, from the base', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, 200, 8))).toEqual([
      200, 400, 800, 1600, 3200,
    ]);
  });

  it('waits at most five minutes', () => {
    expect(retryDelayMs(12, 1000, 20)).toBe(MAX_BACKOFF_MS);
    expect(retryDelayMs(9, 1000, 20)).toBe(256_000);
  });

  it('queues nothing after the last attempt', () => {
    expect(retryDelayMs(8, 200, 8)).toBeNull();
    expect(retryDelayMs(7, 200, 8)).toBe(12_800);
  });
});

describe('retrySchedule', () => {
  it('lists the wait after each attempt that has a next one', () => {
    expect(retrySchedule(200, 4)).toEqual([200, 400, 800]);
    expect(retrySchedule(1000, 1)).toEqual([]);
    expect(retrySchedule(60_000, 10).slice(-3)).toEqual([MAX_BACKOFF_MS, MAX_BACKOFF_MS, MAX_BACKOFF_MS]);
  });
});
