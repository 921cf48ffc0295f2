import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { AuthorizeCharge } from '../../apps/authorizer/src/simulate/authorize-charge.use-case.js';
import { ApplyTransactionMessages } from '../../apps/authorizer/src/transactions/apply-transaction-messages.use-case.js';
import { ExpireAuthorizations } from '../../apps/authorizer/src/transactions/expire-authorizations.use-case.js';
import { Environment } from '#platform';
import type { AuthenticatedAccount } from '#persistence';
import { charge, issueCard, storedTransaction, useContext } from '../support/app-context.js';
import { testDatabase } from '../support/sandbox.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe(`ApplyTransactionMessages and ExpireAuthorizations on the ${testDatabase()} database`, () => {
  const context = useContext();
  const messages = () => context.get(ApplyTransactionMessages);

  /** A pending authorization of `amount` on a fresh card of the account. */
  async function authorized(account: AuthenticatedAccount, amount: number): Promise<string> {
    const { pan } = await issueCard(context, account);
    const outcome = await context.get(AuthorizeCharge).execute(account, charge(pan, amount));
    if (!outcome.approved) throw new Error(`The fixture's charge was declined: ${outcome.explanation}`);
    return outcome.token;
  }

  it('clears a pending authorization for less than its hold', async () => {
    const account = await context.newAccount();
    const token = await authorized(account, 2000);

    const cleared = await messages().clear(account, token, 1800);

    expect(cleared).toMatchObject({ token, status: 'SETTLED', pending_amount: 0, settled_amount: 1800 });
    const { transaction, events } = await storedTransaction(context, account, token);
    expect(transaction).toMatchObject({ status: 'SETTLED', pending_amount: 0, settled_amount: 1800 });
    expect(events.map((e) => [e.type, e.amount])).toEqual([
      ['AUTHORIZATION', 2000],
      ['CLEARING', 1800],
    ]);
  });

  it('voids part of a hold, then the rest', async () => {
    const account = await context.newAccount();
    const token = await authorized(account, 1000);

    await expect(messages().void(account, token, undefined, 400)).resolves.toMatchObject({
      status: 'PENDING',
      pending_amount: 600,
    });
    await expect(messages().void(account, token)).resolves.toMatchObject({
      status: 'VOIDED',
      pending_amount: 0,
    });

    const { transaction, events } = await storedTransaction(context, account, token);
    expect(transaction).toMatchObject({ status: 'VOIDED', pending_amount: 0, settled_amount: 0 });
    expect(events.map((e) => [e.type, e.amount])).toEqual([
      ['AUTHORIZATION', 1000],
      ['AUTHORIZATION_REVERSAL', 400],
      ['AUTHORIZATION_REVERSAL', 600],
    ]);
  });

  it('refuses to clear a voided transaction and stores nothing more', async () => {
    const account = await context.newAccount();
    const token = await authorized(account, 500);
    await messages().void(account, token);

    await expect(messages().clear(account, token)).rejects.toMatchObject({ name: 'DomainError' });

    const { transaction, events } = await storedTransaction(context, account, token);
    expect(transaction.status).toBe('VOIDED');
    expect(events).toHaveLength(2);
  });

  it('applies a message once per claim: a retry changes nothing', async () => {
    const account = await context.newAccount();
    const token = await authorized(account, 1000);

    const claim = randomUUID();
    await messages().void(account, token, undefined, 300, claim);
    await messages().void(account, token, undefined, 300, claim);

    const { transaction, events } = await storedTransaction(context, account, token);
    expect(transaction.pending_amount).toBe(700);
    expect(events).toHaveLength(2);
  });

  it('does not find another account’s transaction', async () => {
    const owner = await context.newAccount();
    const stranger = await context.newAccount();
    const token = await authorized(owner, 100);

    await expect(messages().clear(stranger, token)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(storedTransaction(context, owner, token)).resolves.toMatchObject({
      transaction: { status: 'PENDING' },
    });
  });

  it('expires one pending authorization on request, whatever its age, and refuses a settled one', async () => {
    const account = await context.newAccount();
    const pending = await authorized(account, 400);
    const cleared = await authorized(account, 100);
    await messages().clear(account, cleared);

    await context.get(ExpireAuthorizations).now(account, pending);
    const { transaction, events } = await storedTransaction(context, account, pending);
    expect(transaction).toMatchObject({ status: 'EXPIRED', pending_amount: 0 });
    expect(events.at(-1)).toMatchObject({ type: 'AUTHORIZATION_EXPIRY', amount: 400 });
    await expect(context.get(ExpireAuthorizations).now(account, cleared)).rejects.toMatchObject({
      code: 'STATE_CONFLICT',
      message: 'transaction_token: the transaction is SETTLED; only a PENDING authorization can expire',
    });
  });

  it('expires the account’s authorizations pending past AUTH_EXPIRY_DAYS, and only those', async () => {
    const account = await context.newAccount();
    const pending = await authorized(account, 900);
    const cleared = await authorized(account, 100);
    await messages().clear(account, cleared);
    const days = context.get(Environment).AUTH_EXPIRY_DAYS;

    await expect(context.get(ExpireAuthorizations).sweep(new Date(), account.token)).resolves.toBe(0);
    const later = new Date(Date.now() + (days + 1) * DAY_MS);
    await expect(context.get(ExpireAuthorizations).sweep(later, account.token)).resolves.toBe(1);

    const { transaction, events } = await storedTransaction(context, account, pending);
    expect(transaction).toMatchObject({ status: 'EXPIRED', pending_amount: 0 });
    expect(events.at(-1)).toMatchObject({ type: 'AUTHORIZATION_EXPIRY', amount: 900 });
    await expect(storedTransaction(context, account, cleared)).resolves.toMatchObject({
      transaction: { status: 'SETTLED' },
    });
  });
});
