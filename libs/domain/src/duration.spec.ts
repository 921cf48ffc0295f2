import { describe, expect, it } from '@jest/globals';
import { addDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['P32D', { days: 32 }],
    ['PT90M', { minutes: 90 }],
    ['P1Y2M3DT4H5M6S', { years: 1, months: 2, days: 3, hours: 4, minutes: 5, seconds: 6 }],
    ['P2W', { weeks: 2 }],
    ['p1m', { months: 1 }],
  ])('reads %s', (text, parts) => {
    expect(parseDuration(text)).toEqual({
      years: 0,
      months: 0,
      weeks: 0,
      days: 0,
      hours: 0,
      minutes: 0,
      seconds: 0,
      ...parts,
    });
  });

  it.each(['', 'P', 'PT', '32D', 'P-1D', 'P1.5D', 'P1DT', 'tomorrow', 'P1H'])(
    'refuses "%s", naming the field',
    (text) => {
      expect(() => parseDuration(text, 'duration')).toThrow(/^duration must be an ISO-8601 duration/);
    },
  );
});

describe('addDuration', () => {
  it.each([
    ['2026-01-31T10:00:00Z', 'P1M', '2026-02-28T10:00:00Z'],
    ['2028-01-31T10:00:00Z', 'P1M', '2028-02-29T10:00:00Z'],
    ['2026-03-15T00:00:00Z', 'P32D', '2026-04-16T00:00:00Z'],
    ['2026-03-15T00:00:00Z', 'PT36H', '2026-03-16T12:00:00Z'],
    ['2026-12-31T23:59:59Z', 'P1Y', '2027-12-31T23:59:59Z'],
    ['2026-12-31T23:59:59Z', 'PT1S', '2027-01-01T00:00:00Z'],
  ])('%s + %s is %s', (from, duration, to) => {
    expect(addDuration(new Date(from), parseDuration(duration)).toISOString()).toBe(
      new Date(to).toISOString(),
    );
  });
});
