import { DomainError } from '#domain';

/** The fields of a PostgreSQL error, whether `pg` raised it or TypeORM wrapped it. */
function pgError(error: unknown): { code?: string; constraint?: string } {
  const wrapped = (error as { driverError?: unknown } | null)?.driverError;
  return ((wrapped ?? error) as { code?: string; constraint?: string } | null) ?? {};
}

export function isDeadlock(error: unknown): boolean {
  return pgError(error).code === '40P01';
}

export function isForeignKeyViolation(error: unknown): boolean {
  return pgError(error).code === '23503';
}

/** How many times a deadlock victim runs again before its request answers 503. */
export const DEADLOCK_RETRIES = 4;

/**
 * Runs `work` again while it fails with an error `retryable` accepts (the statement or transaction
 * was rolled back whole), up to `retries` times; each retry waits a random few milliseconds,
 * growing, so two failures that retry together do not collide again in step.
 */
export async function retryWhen<T>(
  retryable: (error: unknown) => boolean,
  work: () => Promise<T>,
  retries: number,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await work();
    } catch (error) {
      if (!retryable(error) || retry >= retries) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** retry));
    }
  }
}

/**
 * Runs `work` again if PostgreSQL chose it as a deadlock's victim, up to `retries` times. Lock order
 * (the account row, then its cards) keeps deadlocks rare, but a cascade (an account deleted under
 * load) takes rows in its own order.
 */
export function retryOnDeadlock<T>(work: () => Promise<T>, retries = DEADLOCK_RETRIES): Promise<T> {
  return retryWhen(isDeadlock, work, retries);
}

/**
 * A foreign-key failure while writing means a row the request relied on was deleted while it ran:
 * its account (deleted: the key is gone, so 401) or one of the account's resources (reset: 404).
 * `accountForeignKeys` names the constraints that point at accounts.
 */
export function vanishedReference(
  error: unknown,
  accountForeignKeys: ReadonlySet<string>,
): DomainError | null {
  if (!isForeignKeyViolation(error)) return null;
  const { constraint } = pgError(error);
  return constraint && accountForeignKeys.has(constraint)
    ? new DomainError('UNAUTHENTICATED', 'Unknown API key: its account was deleted')
    : new DomainError('NOT_FOUND', 'What this request refers to was deleted while it ran');
}
