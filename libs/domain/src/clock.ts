import { DomainError } from './errors.js';

/** Every time the domain reads comes from a Clock, so tests and the sandbox clock can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(at: Date | string): Clock {
  const instant = new Date(at);
  return { now: () => new Date(instant) };
}

/** A clock that runs with real time but shifted by `offsetMs` (the per-account sandbox clock). */
export function offsetClock(base: Clock, offsetMs: number): Clock {
  return { now: () => new Date(base.now().getTime() + offsetMs) };
}

/**
 * The sandbox clock runs at most 100 years ahead of real time (100 years of 365.25 days, so P100Y
 * from any date fits). Far beyond it, dates overflow what cards and the database can hold.
 */
export const MAX_CLOCK_OFFSET_YEARS = 100;
export const MAX_CLOCK_OFFSET_MS = MAX_CLOCK_OFFSET_YEARS * 365.25 * 24 * 60 * 60 * 1000;

/**
 * How far to move a clock that is `offsetMs` ahead of real time, from `from` to `to`: forward only,
 * and never past the cap. `field` names the input the refusal is about.
 */
export function clockAdvance(offsetMs: number, from: Date, to: Date, field: string): number {
  const by = to.getTime() - from.getTime();
  if (!Number.isFinite(by) || offsetMs + by > MAX_CLOCK_OFFSET_MS) throw clockOffsetCapped(field);
  if (by <= 0) throw new DomainError('VALIDATION', `${field} must move the clock forward`);
  return by;
}

export function clockOffsetCapped(field: string): DomainError {
  return new DomainError(
    'VALIDATION',
    `${field} would move the sandbox clock more than ${MAX_CLOCK_OFFSET_YEARS} years ahead of real time, its limit`,
  );
}
