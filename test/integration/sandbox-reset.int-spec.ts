import { describe, expect, it } from '@jest/globals';
import { AuthorizeCharge } from '../../apps/authorizer/src/simulate/authorize-charge.use-case.js';
import { ManageSandboxAccounts } from '../../apps/issuer/src/sandbox/manage-sandbox-accounts.use-case.js';
import { ManageAuthRules } from '../../apps/authorizer/src/auth-rules/manage-auth-rules.use-case.js';
import { FindAuthRules } from '../../apps/authorizer/src/auth-rules/find-auth-rules.use-case.js';
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

  it('deletes the caller’s auth rules and their results, and no one else’s', async () => {
    const account = await context.newAccount();
    const other = await context.newAccount();
    const { pan } = await issueCard(context, account);
    const block = { conditions: [{ attribute: 'MCC', operation: 'IS_ONE_OF', value: ['5999'] }] };
    const manage = context.get(ManageAuthRules);
    const mine = await manage.create(account, { type: 'CONDITIONAL_BLOCK', parameters: block });
    await manage.promote(account, mine.token);
    const theirs = await manage.create(other, { type: 'CONDITIONAL_BLOCK', parameters: block });
    const declined = await context.get(AuthorizeCharge).execute(account, charge(pan, 100));
    expect(declined.approved).toBe(false);

    await controls().reset(account);

    const find = context.get(FindAuthRules);
    await expect(find.get(account, mine.token)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(find.results(account, { auth_rule_token: mine.token })).resolves.toEqual({
      data: [],
      hasMore: false,
    });
    await expect(find.get(other, theirs.token)).resolves.toMatchObject({ token: theirs.token });
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
