import { DomainError } from './errors.js';

/** An ISO-8601 duration such as P32D, PT90M or P1Y2M: calendar parts stay calendar parts. */
export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const ISO_DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export function parseDuration(text: string, field = 'duration'): Duration {
  const match = ISO_DURATION.exec(text.trim().toUpperCase());
  if (!match || text.trim().toUpperCase() === 'P' || text.trim().toUpperCase().endsWith('T')) {
    throw new DomainError('VALIDATION', `${field} must be an ISO-8601 duration such as P32D, PT12H or P1M`);
  }
  const [years, months, weeks, days, hours, minutes, seconds] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  return { years, months, weeks, days, hours, minutes, seconds };
}

/** Adds a duration the way a calendar does: a month from Jan 31 is Feb 28 (or 29). */
export function addDuration(from: Date, d: Duration): Date {
  const result = new Date(from);
  const months = d.years * 12 + d.months;
  if (months) {
    const day = result.getUTCDate();
    result.setUTCDate(1);
    result.setUTCMonth(result.getUTCMonth() + months);
    const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
    result.setUTCDate(Math.min(day, lastDay));
  }
  const ms = ((((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60 + d.seconds) * 1000;
  return new Date(result.getTime() + ms);
}
