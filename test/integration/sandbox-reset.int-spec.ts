import { describe, expect, it } from '@jest/globals';
import { AuthorizeCharge } from '../../apps/authorizer/src/simulate/authorize-charge.use-case.js';
import { ManageSandboxAccounts } from '../../apps/issuer/src/sandbox/manage-sandbox-accounts.use-case.js';
import { AccountsRepository, CardsRepository, TransactionsRepository } from '#persistence';
import { charge, issueCard, useContext } from '../support/app-context.js';
import { testDatabase } from '../support/sandbox.js';

describe(`the sandbox reset on the ${testDatabase()} database`, () => {
  const context = useContext();
  const controls = () => context.get(ManageSandboxAccounts);

  it('deletes the caller’s cards and transactions, keeping the account and every other account’s data', async () => {
    const account = await context.newAccount();
    const other = await context.newAccount();
    const mine = await issueCard(context, account);
    const theirs = await issueCard(context, other);
    const myCharge = await context.get(AuthorizeCharge).execute(account, charge(mine.pan, 100));
    const theirCharge = await context.get(AuthorizeCharge).execute(other, charge(theirs.pan, 100));

    await controls().reset(account);

    const cards = context.get(CardsRepository);
    const transactions = context.get(TransactionsRepository);
    await expect(cards.findOne(account.token, mine.card.token)).resolves.toBeNull();
    await expect(transactions.findOne(account.token, myCharge.token)).resolves.toBeNull();
    await expect(context.get(AccountsRepository).findOne(account.token)).resolves.toMatchObject({
      token: account.token,
    });
    await expect(cards.findOne(other.token, theirs.card.token)).resolves.toMatchObject({ state: 'OPEN' });
    await expect(transactions.findOne(other.token, theirCharge.token)).resolves.toMatchObject({
      transaction: { status: 'PENDING' },
    });
  });

  it('leaves an account that can issue again', async () => {
    const account = await context.newAccount();
    await issueCard(context, account);
    await controls().reset(account);

    const { card } = await issueCard(context, account);

    await expect(context.get(CardsRepository).findOne(account.token, card.token)).resolves.toMatchObject({
      state: 'OPEN',
    });
  });
});
