import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { CreateCard } from '../../apps/issuer/src/cards/create-card.use-case.js';
import { CardVault } from '#persistence';
import { storedCard, useContext } from '../support/app-context.js';
import { testDatabase } from '../support/sandbox.js';

describe(`CreateCard on the ${testDatabase()} database`, () => {
  const context = useContext();
  const create = () => context.get(CreateCard);

  it('issues an open card with its limit, and stores its PAN sealed', async () => {
    const account = await context.newAccount();

    const { card, pan } = await create().execute(account, {
      type: 'VIRTUAL',
      memo: 'groceries',
      spend_limit: 5000,
      spend_limit_duration: 'MONTHLY',
    });

    expect(pan).toMatch(/^\d{16}$/);
    expect(card).toMatchObject({ state: 'OPEN', memo: 'groceries', last_four: pan.slice(-4) });
    const stored = await storedCard(context, account, card.token);
    expect(stored).toMatchObject({
      type: 'VIRTUAL',
      state: 'OPEN',
      spend_limit: 5000,
      spend_limit_duration: 'MONTHLY',
      consumed: false,
      closed_by: null,
    });
    expect(stored.pan_encrypted).not.toContain(pan);
    expect(context.get(CardVault).open('pan', stored.pan_encrypted)).toBe(pan);
  });

  it('issues a card paused when asked to', async () => {
    const account = await context.newAccount();

    const { card } = await create().execute(account, { type: 'SINGLE_USE', state: 'PAUSED' });

    await expect(storedCard(context, account, card.token)).resolves.toMatchObject({
      type: 'SINGLE_USE',
      state: 'PAUSED',
    });
  });

  it('refuses a PHYSICAL card without a shipping address, naming the field', async () => {
    const account = await context.newAccount();

    await expect(create().execute(account, { type: 'PHYSICAL' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/^shipping_address: /),
    });
  });

  it('refuses another account’s token, naming the field (the spec lists no 404 here)', async () => {
    const account = await context.newAccount();
    const other = await context.newAccount();

    await expect(
      create().execute(account, { type: 'VIRTUAL', account_token: other.token }),
    ).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/^account_token: /) });
  });

  it('answers a retry with the same claim with the card it already issued', async () => {
    const account = await context.newAccount();
    const claim = randomUUID();

    const first = await create().execute(account, { type: 'VIRTUAL' }, claim);
    const retry = await create().execute(account, { type: 'VIRTUAL' }, claim);

    expect(retry.card.token).toBe(first.card.token);
    expect(retry.pan).toBe(first.pan);
  });
});
