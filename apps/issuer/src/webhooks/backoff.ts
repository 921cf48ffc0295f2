/** The longest wait between two attempts of one delivery. */
export const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * How long after failed attempt number `attempt` (1 for the first) the next one is due: `baseMs`,
 * doubled for each attempt before, at most MAX_BACKOFF_MS; null after the last of `maxAttempts`.
 */
export function retryDelayMs(attempt: number, baseMs: number, maxAttempts: number): number | null {
  return attempt < maxAttempts ? Math.min(baseMs * 2 ** (attempt - 1), MAX_BACKOFF_MS) : null;
}

/** retryDelayMs() after each attempt that has a next one: the wait after attempt n at index n - 1. */
export function retrySchedule(baseMs: number, maxAttempts: number): number[] {
  const delays: number[] = [];
  for (let attempt = 1; ; attempt++) {
    const delay = retryDelayMs(attempt, baseMs, maxAttempts);
    if (delay === null) return delays;
    delays.push(delay);
  }
}
