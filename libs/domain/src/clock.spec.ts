import { describe, expect, it } from '@jest/globals';
import { addDuration, parseDuration } from './duration.js';
import { advanceClockOffset, clockAdvance, MAX_CLOCK_OFFSET_MS } from './clock.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const from = new Date('2026-11-30T00:00:00Z');
const by = (duration: string) => addDuration(from, parseDuration(duration)).getTime() - from.getTime();

describe('advanceClockOffset', () => {
  it.each([
    [0, DAY_MS, DAY_MS],
    [0, MAX_CLOCK_OFFSET_MS, MAX_CLOCK_OFFSET_MS],
    [MAX_CLOCK_OFFSET_MS - DAY_MS, DAY_MS, MAX_CLOCK_OFFSET_MS],
    [0, by('P99Y'), by('P99Y')],
  ])('moves an offset of %i by %i to %i', (current, step, expected) => {
    expect(advanceClockOffset(current, step, 'duration')).toBe(expected);
  });

  it.each([
    ['P8000Y', 0, by('P8000Y')],
    ['P101Y', 0, by('P101Y')],
    ['a day past the cap', MAX_CLOCK_OFFSET_MS, DAY_MS],
    ['an unrepresentable date', 0, Number.NaN],
  ])('refuses %s, naming the field', (_, current, step) => {
    expect(() => advanceClockOffset(current, step, 'duration')).toThrow(
      /^duration would put the sandbox clock more than 100 years ahead/,
    );
  });

  it('caps the total at 36,525 days', () => {
    expect(MAX_CLOCK_OFFSET_MS).toBe(36_525 * DAY_MS);
  });
});

describe('clockAdvance', () => {
  const from = new Date('2026-01-31T00:00:00Z');
  const day = 24 * 60 * 60 * 1000;
  it.each<[string, { seconds?: number; duration?: string }, number, string]>([
    ['by seconds', { seconds: 90 }, 90_000, 'seconds'],
    ['by a duration of days', { duration: 'P2D' }, 2 * day, 'duration'],
    ['by a calendar month from Jan 31 (to Feb 28)', { duration: 'P1M' }, 28 * day, 'duration'],
  ])('moves the clock %s', (_name, by, byMs, field) => {
    expect(clockAdvance(from, 0, by)).toEqual({ byMs, field });
  });

  it.each<[string, { seconds?: number; duration?: string }, number]>([
    ['neither seconds nor duration', {}, 0],
    ['both seconds and duration', { seconds: 1, duration: 'P1D' }, 0],
    ['zero seconds', { seconds: 0 }, 0],
    ['an empty duration', { duration: 'PT0S' }, 0],
    ['past the 100-year cap', { seconds: 1 }, MAX_CLOCK_OFFSET_MS],
  ])('refuses %s', (_name, by, offset) => {
    expect(() => clockAdvance(from, offset, by)).toThrow(/./);
  });

  it('refuses a duration too large for a date with the cap', () => {
    expect(() => clockAdvance(from, 0, { duration: 'P300000Y' })).toThrow(/100 years/);
  });
});
