import { DomainError } from './errors.js';
import { addDuration, parseDuration } from './duration.js';

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
 * The sandbox clock runs at most 100 years (36,525 days) ahead of real time: far beyond any expiry
 * or limit window, and short of the dates that no longer fit a card's four-digit expiry year.
 */
export const MAX_CLOCK_OFFSET_MS = 36_525 * 24 * 60 * 60 * 1000;

/** The account's clock offset after moving it forward by `byMs`; refuses to pass the cap. */
export function advanceClockOffset(currentMs: number, byMs: number, field: string): number {
  const next = currentMs + byMs;
  if (!Number.isFinite(next) || next > MAX_CLOCK_OFFSET_MS) {
    throw new DomainError('VALIDATION', clockCapMessage(field));
  }
  return next;
}

export function clockCapMessage(field: string): string {
  return `${field} would put the sandbox clock more than 100 years ahead of real time, the limit`;
}

/**
 * How far a clock advance asked as seconds or as an ISO-8601 duration (exactly one) moves an
 * account's clock reading `from`: forward only (history must stay consistent), never past the cap.
 */
export function clockAdvance(
  from: Date,
  currentOffsetMs: number,
  by: { seconds?: number; duration?: string },
): { byMs: number; field: 'seconds' | 'duration' } {
  if ((by.seconds === undefined) === (by.duration === undefined)) {
    throw new DomainError('VALIDATION', 'Give exactly one of seconds or duration');
  }
  const field = by.duration !== undefined ? 'duration' : 'seconds';
  const to =
    by.duration !== undefined
      ? addDuration(from, parseDuration(by.duration, field))
      : new Date(from.getTime() + by.seconds! * 1000);
  const byMs = to.getTime() - from.getTime();
  // A duration too large for a date gives NaN here, which the cap below refuses.
  if (byMs <= 0) throw new DomainError('VALIDATION', `${field} must move the clock forward`);
  advanceClockOffset(currentOffsetMs, byMs, field);
  return { byMs, field };
}
