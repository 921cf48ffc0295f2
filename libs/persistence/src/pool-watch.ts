import type { Pool, PoolClient } from 'pg';

type Watched = PoolClient & { activeQuery?: { text?: string } | null };

/**
 * Knows which of the pool's connections are checked out, so a close that waits too long can say
 * what for (the statement, never its values) and end those connections instead of hanging.
 */
const STATEMENT_CHARS = 400;

export class PoolWatch {
  private readonly checkedOut = new Set<Watched>();

  constructor(pool: Pool) {
    pool.on('acquire', (client) => this.checkedOut.add(client));
    pool.on('release', (_error, client) => this.checkedOut.delete(client));
    pool.on('remove', (client) => this.checkedOut.delete(client as Watched));
  }

  /**
   * What each checked-out connection is doing: its running statement (its SQL text, whose values are
   * parameters, cut at STATEMENT_CHARS: enough to name the tables it reads), or idle in a transaction.
   */
  busy(): string[] {
    return [...this.checkedOut].map(
      (client) =>
        client.activeQuery?.text?.replace(/\s+/g, ' ').slice(0, STATEMENT_CHARS) ?? '(between statements)',
    );
  }

  /** Ends every checked-out connection: its statement fails, its holder releases it, the pool can end. */
  endCheckedOut(): void {
    for (const client of this.checkedOut) void (client.end() as Promise<void>).catch(() => undefined);
  }
}
