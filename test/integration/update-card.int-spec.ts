import { describe, expect, it } from '@jest/globals';
import { UpdateCard } from '../../apps/issuer/src/cards/update-card.use-case.js';
import { issueCard, storedCard, useContext } from '../support/app-context.js';
import { testDatabase } from '../support/sandbox.js';

describe(`UpdateCard on the ${testDatabase()} database`, () => {
  const context = useContext();
  const update = () => context.get(UpdateCard);

  it('pauses and reopens a card', async () => {
    const account = await context.newAccount();
    const { card } = await issueCard(context, account);

    await expect(update().execute(account, card.token, { state: 'PAUSED' })).resolves.toMatchObject({
      card: { state: 'PAUSED' },
    });
    await expect(storedCard(context, account, card.token)).resolves.toMatchObject({ state: 'PAUSED' });

    await update().execute(account, card.token, { state: 'OPEN' });
    await expect(storedCard(context, account, card.token)).resolves.toMatchObject({ state: 'OPEN' });
  });

  it('keeps a closed card closed: CLOSED is final', async () => {
    const account = await context.newAccount();
    const { card } = await issueCard(context, account);
    await update().execute(account, card.token, { state: 'CLOSED' });

    await expect(update().execute(account, card.token, { state: 'OPEN' })).rejects.toMatchObject({
      code: 'STATE_CONFLICT',
    });
    await expect(storedCard(context, account, card.token)).resolves.toMatchObject({ state: 'CLOSED' });
  });

  it('changes the limit and memo, leaving what the input does not name', async () => {
    const account = await context.newAccount();
    const { card } = await issueCard(context, account, { memo: 'before', spend_limit: 100 });

    await update().execute(account, card.token, { spend_limit: 2500, spend_limit_duration: 'ANNUALLY' });

    await expect(storedCard(context, account, card.token)).resolves.toMatchObject({
      memo: 'before',
      spend_limit: 2500,
      spend_limit_duration: 'ANNUALLY',
      state: 'OPEN',
    });
  });

  it('does not find another account’s card', async () => {
    const owner = await context.newAccount();
    const stranger = await context.newAccount();
    const { card } = await issueCard(context, owner);

    await expect(update().execute(stranger, card.token, { state: 'CLOSED' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(storedCard(context, owner, card.token)).resolves.toMatchObject({ state: 'OPEN' });
  });
});
