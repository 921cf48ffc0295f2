import { describe, expect, it } from '@jest/globals';
import { clockAdvance, MAX_CLOCK_OFFSET_MS } from './clock.js';
import { addDuration, parseDuration } from './duration.js';

const DAY = 24 * 60 * 60 * 1000;
const from = new Date('2026-11-30T12:00:00Z');
const after = (duration: string) => addDuration(from, parseDuration(duration));

describe('clockAdvance', () => {
  it('is 100 years of 365.25 days at most', () => {
    expect(MAX_CLOCK_OFFSET_MS).toBe(36_525 * DAY);
  });

  it.each([
    ['P1D from no offset', 0, 'P1D', DAY],
    ['P100Y from no offset', 0, 'P100Y', after('P100Y').getTime() - from.getTime()],
    ['P1D up to the cap exactly', MAX_CLOCK_OFFSET_MS - DAY, 'P1D', DAY],
  ])('moves %s', (_name, offset, duration, expected) => {
    expect(clockAdvance(offset, from, after(duration), 'duration')).toBe(expected);
  });

  it.each([
    ['P101Y from no offset', 0, 'P101Y'],
    ['P1D past the cap', MAX_CLOCK_OFFSET_MS - DAY + 1, 'P1D'],
    ['P300000Y (an invalid date)', 0, 'P300000Y'],
    [`a duration past every number`, 0, `P${'9'.repeat(400)}D`],
  ])('refuses %s, naming the field and the cap', (_name, offset, duration) => {
    expect(() => clockAdvance(offset, from, after(duration), 'duration')).toThrow(
      /^duration would move the sandbox clock more than 100 years ahead/,
    );
  });

  it('refuses to stand still, naming the field', () => {
    expect(() => clockAdvance(0, from, from, 'seconds')).toThrow(/^seconds must move the clock forward/);
  });
});
