import { expect, it } from '@jest/globals';
import pg from 'pg';
import { whenAvailable } from './support/requirements.js';
import { OutputCapture } from './support/capture.js';
import { POSTGRES_URL, postgresAvailable, SLOW_MS, startSandbox } from './support/sandbox.js';
import { eventually } from './support/webhooks.js';

const postgres = whenAvailable(
  'PostgreSQL',
  await postgresAvailable(),
  'Start one at 127.0.0.1:5432 or set TEST_DATABASE_URL.',
);

// A database of its own: the lock below would stall any other sandbox on the shared one.
const databaseUrl = (() => {
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${url.pathname.slice(1)}_shutdown`;
  return url.toString();
})();

postgres.describe('a stopping sandbox on PostgreSQL', () => {
  it(
    'stops even when a request waits behind another session’s lock, and says which statement it ended',
    async () => {
      const sandbox = await startSandbox({ database: 'postgres', databaseUrl });
      const account = await sandbox.newAccount();
      const locker = new pg.Client({ connectionString: databaseUrl });
      await locker.connect();
      const output = new OutputCapture();
      try {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE');
        const stuck = fetch(`${sandbox.url}/v1/cards`, { headers: { authorization: account.apiKey } }).then(
          (response) => response.status,
          () => 'connection cut',
        );
        await eventually('the request waiting on the lock', async () => {
          const { rows } = await locker.query(
            // This database's: the other jest worker's sandboxes wait on locks of their own.
            `SELECT 1 FROM pg_stat_activity WHERE application_name = 'card-sandbox' AND wait_event_type = 'Lock'
               AND datname = current_database()`,
          );
          return rows.length > 0;
        });

        output.start();
        // Without the grace periods this never returns while the lock is held.
        await sandbox.close();
        output.stop();
        expect(await stuck).toBe('connection cut');
        const warning = output
          .text()
          .split('\n')
          .find((line) => line.includes('closing: ended connections still in use'));
        expect(warning).toBeDefined();
        expect(warning).toContain('accounts');
      } finally {
        output.stop();
        await locker.query('ROLLBACK').catch(() => undefined);
        await locker.end();
      }
    },
    SLOW_MS,
  );
});

it(
  'answers a request that meets an already closed database with a retryable 503, not a 500',
  async () => {
    const sandbox = await startSandbox();
    try {
      const account = await sandbox.newAccount();
      // The window between the pool's end and the HTTP server's: a request still lands.
      await sandbox.database.close();
      const response = await fetch(`${sandbox.url}/v1/cards`, { headers: { authorization: account.apiKey } });
      const body = (await response.json()) as { message: string };
      expect(response.status).toBe(503);
      expect(body.message).toMatch(/shutting down/);
      expect(response.headers.get('x-should-retry')).toBeNull();
    } finally {
      await sandbox.close();
    }
  },
  SLOW_MS,
);
