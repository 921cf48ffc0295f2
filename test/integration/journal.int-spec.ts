import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { JournalRepository, newToken, type JournalEntryEntity } from '#persistence';
import { useContext } from '../support/app-context.js';
import { testDatabase } from '../support/sandbox.js';

describe(`the request journal's writes on the ${testDatabase()} database`, () => {
  const context = useContext();

  function entry(accountToken: string): JournalEntryEntity {
    return {
      token: newToken('req'),
      account_token: accountToken,
      request_id: newToken('req'),
      method: 'GET',
      path: '/v1/cards',
      query: '',
      status: 200,
      duration_ms: 1.5,
      request_body: null,
      response_body: null,
      created: new Date(),
    };
  }

  const stored = async (accountToken: string) =>
    (
      await context.database.dataSource.query(
        'SELECT count(*)::int AS n FROM request_journal WHERE account_token = $1',
        [accountToken],
      )
    )[0].n as number;

  it('writes a batch and drops the entries of an account already deleted', async () => {
    const staying = await context.newAccount();
    const gone = await context.newAccount();
    await context.database.dataSource.query('DELETE FROM accounts WHERE token = $1', [gone.token]);

    await context.get(JournalRepository).append([entry(staying.token), entry(gone.token)]);

    expect(await stored(staying.token)).toBe(1);
  });

  // The embedded database runs one statement at a time: no delete can land inside a write there.
  const onPostgres = testDatabase() === 'postgres' ? it : it.skip;
  onPostgres(
    'keeps the other accounts’ entries of a batch when an account in it is deleted as it is written',
    async () => {
      const staying = await context.newAccount();
      const leaving = await context.newAccount();
      const url = (context.database.dataSource.options as { url: string }).url;
      const deleter = new pg.Client({ connectionString: url });
      await deleter.connect();
      try {
        // The delete holds the account row: the batch finds the account, then its key check waits.
        await deleter.query('BEGIN');
        await deleter.query('DELETE FROM accounts WHERE token = $1', [leaving.token]);
        const appending = context.get(JournalRepository).append([entry(staying.token), entry(leaving.token)]);
        appending.catch(() => undefined);
        for (let waiting = 0; waiting === 0;) {
          const [row] = (
            await deleter.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO request_journal%'`,
            )
          ).rows;
          waiting = row.n;
          if (waiting === 0) await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await deleter.query('COMMIT');

        await appending;
        expect(await stored(staying.token)).toBe(1);
        expect(await stored(leaving.token)).toBe(0);
      } finally {
        await deleter.end();
      }
    },
  );
});
