import type { Queryable } from './sql.js';

/**
 * The transaction boundary, which use cases own: `transaction` runs BEGIN ... COMMIT on one
 * connection and hands `work` the transaction-bound handle that repositories take. A deadlock
 * victim is rolled back whole and `work` runs once more, so `work` must only touch the database.
 * Never await network I/O inside it: the embedded database runs one transaction at a time.
 * Statements issued without awaiting the one before run in the order issued, in one round trip.
 * `finalWrite`, when given, runs after `work` with its result and leaves together with COMMIT.
 */
export abstract class UnitOfWork {
  abstract transaction<T>(
    work: (tx: Queryable) => Promise<T>,
    finalWrite?: (tx: Queryable, result: T) => Promise<unknown>,
  ): Promise<T>;
  /** Outside a transaction: each statement commits on its own (a one-statement write, a read). */
  abstract readonly autocommit: Queryable;
}
