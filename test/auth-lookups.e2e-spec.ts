import { describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AccountsRepository, CardVault, Sql } from '#persistence';
import { useSandbox } from './support/sandbox.js';

/** Counts key lookups: the hot path pays for one a request, not one per hook that needs the account. */
class CountingAccounts extends AccountsRepository {
  lookups = 0;
  override findByApiKey(key: string) {
    this.lookups++;
    return super.findByApiKey(key);
  }
}

describe('authentication', () => {
  let accounts: CountingAccounts;
  const sandbox = useSandbox({
    overrides: (builder) =>
      builder.overrideProvider(AccountsRepository).useFactory({
        inject: [DataSource, Sql, CardVault],
        factory: (dataSource: DataSource, sql: Sql, vault: CardVault) =>
          (accounts = new CountingAccounts(dataSource, sql, vault)),
      }),
  });

  it('looks the API key up once per request, though the fault hook and the guard both need it', async () => {
    const { client } = await sandbox.newAccount();
    await client.cards.list();
    const before = accounts.lookups;
    await client.cards.create({ type: 'VIRTUAL' });
    await client.cards.list();
    expect(accounts.lookups - before).toBe(2);
  });
});
