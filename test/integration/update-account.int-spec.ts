import { describe, expect, it } from '@jest/globals';
import { UpdateAccount } from '../../apps/issuer/src/accounts/update-account.use-case.js';
import { AccountsRepository, type AuthenticatedAccount } from '#persistence';
import { useContext } from '../support/app-context.js';
import { testDatabase } from '../support/sandbox.js';

describe(`UpdateAccount on the ${testDatabase()} database`, () => {
  const context = useContext();
  const update = () => context.get(UpdateAccount);
  const stored = (account: AuthenticatedAccount) => context.get(AccountsRepository).findOne(account.token);

  it('sets the account’s limits', async () => {
    const account = await context.newAccount();

    const updated = await update().execute(account, account.token, {
      daily_spend_limit: 1000,
      monthly_spend_limit: 5000,
      lifetime_spend_limit: 90000,
    });

    expect(updated).toMatchObject({ daily_spend_limit: 1000, monthly_spend_limit: 5000 });
    await expect(stored(account)).resolves.toMatchObject({
      state: 'ACTIVE',
      daily_spend_limit: 1000,
      monthly_spend_limit: 5000,
      lifetime_spend_limit: 90000,
    });
  });

  it('pauses and reactivates the account', async () => {
    const account = await context.newAccount();

    await update().execute(account, account.token, { state: 'PAUSED' });
    await expect(stored(account)).resolves.toMatchObject({ state: 'PAUSED' });
    await update().execute(account, account.token, { state: 'ACTIVE' });
    await expect(stored(account)).resolves.toMatchObject({ state: 'ACTIVE' });
  });

  it('keeps a closed account closed', async () => {
    const account = await context.newAccount();
    await update().execute(account, account.token, { state: 'CLOSED' });

    await expect(update().execute(account, account.token, { state: 'ACTIVE' })).rejects.toMatchObject({
      name: 'DomainError',
    });
    await expect(stored(account)).resolves.toMatchObject({ state: 'CLOSED' });
  });

  it('answers another account’s token as not found and leaves it as it was', async () => {
    const caller = await context.newAccount();
    const other = await context.newAccount();

    await expect(update().execute(caller, other.token, { state: 'PAUSED' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(stored(other)).resolves.toMatchObject({ state: 'ACTIVE' });
  });
});
