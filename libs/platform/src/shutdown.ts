import { setTimeout as sleep } from 'node:timers/promises';

/** How long one shutdown step waits for its work before the next step runs anyway. */
export const SHUTDOWN_STEP_MS = 5_000;

/**
 * Whether `work` settled within `ms`. A shutdown step waits this long and no longer: what is still
 * running is cut short by the steps after it (connections cut, the database closed), never waited
 * for forever.
 */
export async function settledWithin(
  work: Promise<unknown> | undefined,
  ms = SHUTDOWN_STEP_MS,
): Promise<boolean> {
  if (!work) return true;
  return Promise.race([
    work.then(
      () => true,
      () => true,
    ),
    sleep(ms, false, { ref: false }),
  ]);
}
