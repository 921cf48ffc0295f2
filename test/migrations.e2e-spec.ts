import { describe, expect, it } from '@jest/globals';
import { testDatabase, useSandbox } from './support/sandbox.js';

describe(`migrations on the ${testDatabase()} database`, () => {
  const sandbox = useSandbox();

  it('leave nothing for the entities to change: entities and migrations have not drifted', async () => {
    const pending = await sandbox.database.dataSource.driver.createSchemaBuilder().log();
    // If this fails, run `npm run migration:generate -- <name>` against a scratch database.
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('have all run, and running them again does nothing', async () => {
    expect(await sandbox.database.dataSource.showMigrations()).toBe(false);
    expect(await sandbox.database.dataSource.runMigrations()).toEqual([]);
  });
});
