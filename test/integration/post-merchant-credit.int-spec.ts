import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { PostMerchantCredit } from '../../apps/authorizer/src/simulate/post-merchant-credit.use-case.js';
import { UpdateCard } from '../../apps/issuer/src/cards/update-card.use-case.js';
import { charge, issueCard, storedTransaction, useContext } from '../support/app-context.js';
import { testDatabase } from '../support/sandbox.js';

describe(`PostMerchantCredit on the ${testDatabase()} database`, () => {
  const context = useContext();
  const credit = () => context.get(PostMerchantCredit);

  it('settles a return at once as a credit', async () => {
    const account = await context.newAccount();
    const { card, pan } = await issueCard(context, account);

    const token = await credit().execute(account, charge(pan, 2500, 'REFUNDING SHOP'), 'RETURN');

    const { transaction, events } = await storedTransaction(context, account, token);
    expect(transaction).toMatchObject({
      card_token: card.token,
      status: 'SETTLED',
      result: 'APPROVED',
      polarity: 'CREDIT',
      pending_amount: 0,
      settled_amount: 2500,
      descriptor: 'REFUNDING SHOP',
    });
    expect(events).toEqual([expect.objectContaining({ type: 'RETURN', amount: 2500 })]);
  });

  it('holds a credit authorization advice until it is cleared', async () => {
    const account = await context.newAccount();
    const { pan } = await issueCard(context, account);

    const token = await credit().execute(account, charge(pan, 800), 'CREDIT_AUTHORIZATION_ADVICE');

    const { transaction } = await storedTransaction(context, account, token);
    expect(transaction).toMatchObject({ status: 'PENDING', polarity: 'CREDIT', pending_amount: 800 });
  });

  it('posts a return to a closed card: no rule decides a credit', async () => {
    const account = await context.newAccount();
    const { card, pan } = await issueCard(context, account);
    await context.get(UpdateCard).execute(account, card.token, { state: 'CLOSED' });

    const token = await credit().execute(account, charge(pan, 300), 'RETURN');

    await expect(storedTransaction(context, account, token)).resolves.toMatchObject({
      transaction: { status: 'SETTLED', result: 'APPROVED' },
    });
  });

  it('answers a retry with the same claim with the credit it already stored', async () => {
    const account = await context.newAccount();
    const { pan } = await issueCard(context, account);

    const claim = randomUUID();
    const first = await credit().execute(account, charge(pan, 300), 'RETURN', claim);
    const retry = await credit().execute(account, charge(pan, 300), 'RETURN', claim);

    expect(retry).toBe(first);
  });
});
