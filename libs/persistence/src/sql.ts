import type { Socket } from 'node:net';
import type { Pool, PoolClient, Query, QueryResult, QueryResultRow } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { retryOnDeadlock } from './database-errors.js';
import type { UnitOfWork } from './unit-of-work.js';

/** Something that runs SQL: the pool, or one client inside a transaction. */
export interface Queryable {
  query<R extends QueryResultRow>(name: string, text: string, values: unknown[]): Promise<R[]>;
}

/**
 * The start of a statement that finds a row of `table` by a unique key alone (`where`, on $1),
 * locked when asked, as the CTE `found`; the statement then keeps it only if it is the caller
 * account's (`WHERE account_token = $2` on `found`). Given the key and the account together, the
 * planner could take the account's index (account_token, created, token) instead: on a table never
 * analyzed (a new sandbox's, and the embedded database's for good, with no autovacuum) it rates
 * them alike, and a connection keeps the generic plan it made then, so every statement read all
 * the account's rows. Another account's row found by its key stays locked only until the caller's
 * transaction ends, as any row it reads under lock. test/lookup-plans.e2e-spec.ts holds each such
 * statement to a few pages.
 */
export function foundByKey(table: string, where: string, lock: boolean): string {
  return `WITH found AS MATERIALIZED (SELECT * FROM ${table} WHERE ${where}${lock ? ' FOR UPDATE' : ''})`;
}

/**
 * Plain `pg` for the hot path, sharing TypeORM's pool: fewer layers per query, and named prepared
 * statements on PostgreSQL (parsed and planned once per connection). PGlite's socket serves every
 * connection from one session, where a second PREPARE of the same name fails, so there statements
 * stay unnamed.
 */
export class Sql implements Queryable, UnitOfWork {
  /** The Query class of the pool's own pg: a client runs another copy's only outside a pipeline. */
  private readonly Query: new (text: string, values: unknown[]) => Statement;

  constructor(
    private readonly pool: Pool,
    private readonly prepared: boolean,
  ) {
    this.Query = (pool as unknown as { Client: { Query: Sql['Query'] } }).Client.Query;
  }

  get autocommit(): Queryable {
    return this;
  }

  static from(dataSource: DataSource, prepared: boolean): Sql {
    return new Sql((dataSource.driver as unknown as { master: Pool }).master, prepared);
  }

  /** One statement; a deadlock victim (rolled back whole) is run once more. */
  async query<R extends QueryResultRow>(name: string, text: string, values: unknown[]): Promise<R[]> {
    // pg-pool hands a Query to a client as it is, and answers with the promise of its result.
    const run = this.pool.query as unknown as (query: Statement) => Promise<QueryResult<R>>;
    return retryOnDeadlock(async () => (await run.call(this.pool, this.statement(name, text, values))).rows);
  }

  /**
   * BEGIN ... COMMIT on one client; never await network I/O inside `work`. A deadlock victim is
   * rolled back whole, so `work` runs once more from the start. Statements `work` issues without
   * awaiting the one before run in the order issued, sharing a round trip; so do `finalWrite` and
   * COMMIT (a COMMIT after a failed statement only rolls back).
   */
  transaction<T>(
    work: (tx: Queryable) => Promise<T>,
    finalWrite?: (tx: Queryable, result: T) => Promise<unknown>,
  ): Promise<T> {
    return retryOnDeadlock(() => this.once(work, finalWrite));
  }

  /**
   * The statement as pg's own Query, named when prepared. Given `{ name, text, values }`, pg first
   * copies the object through its property descriptors (cloneQueryConfig): 2.9% of the app's busy
   * CPU on the plain path when profiled, 3-4 µs a statement even in a warm loop. Given the text, it
   * does not.
   */
  private statement(name: string, text: string, values: unknown[]): Statement {
    const query = new this.Query(text, values);
    if (this.prepared) query.name = name;
    return query;
  }

  private async once<T>(
    work: (tx: Queryable) => Promise<T>,
    finalWrite?: (tx: Queryable, result: T) => Promise<unknown>,
  ): Promise<T> {
    const client = await this.pool.connect();
    const tx: Queryable = {
      query: <R extends QueryResultRow>(name: string, text: string, values: unknown[]) =>
        submitted<R>(client, this.statement(name, text, values)),
    };
    // Not awaited: the pool's clients pipeline, so BEGIN leaves with the work's first statements,
    // in one write (see corked).
    let begun: Promise<unknown> = Promise.resolve();
    try {
      const result = await corked(client, () => {
        begun = client.query('BEGIN');
        begun.catch(() => undefined);
        return work(tx);
      });
      const [written, committed] = corked(client, () => {
        const final = finalWrite?.(tx, result);
        final?.catch(() => undefined);
        const commit = client.query('COMMIT');
        commit.catch(() => undefined);
        return [final, commit] as const;
      });
      await begun;
      await written;
      await committed;
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

/**
 * Runs `issue` with the client's socket corked: the statements it sends before its first await
 * leave in one write, not one each (pg corks only the messages of one statement): a transaction's
 * statements reach the server as one round trip on the wire too. Uncorked even if `issue`
 * throws, or the client would hang.
 */
function corked<T>(client: PoolClient, issue: () => T): T {
  const socket = (client as unknown as { connection?: { stream?: Partial<Socket> } }).connection?.stream;
  socket?.cork?.();
  try {
    return issue();
  } finally {
    socket?.uncork?.();
  }
}

/** pg's Query as it is at run time: its statement name is a plain field (not in @types/pg). */
type Statement = Query & { name?: string };

/** Runs a Query on a client: given one, pg answers its callback instead of returning a promise. */
function submitted<R extends QueryResultRow>(client: PoolClient, query: Statement): Promise<R[]> {
  const run = client.query as unknown as (
    query: Statement,
    callback: (error: Error | undefined, result: QueryResult<R>) => void,
  ) => void;
  return new Promise((resolve, reject) => {
    run.call(client, query, (error, result) => (error ? reject(error) : resolve(result.rows)));
  });
}

/** Lets SQL written for `Queryable` run inside a TypeORM transaction. */
export function managerQueryable(manager: EntityManager): Queryable {
  return { query: (_name, text, values) => manager.query(text, values) };
}
