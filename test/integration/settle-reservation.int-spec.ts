import { describe, expect, it } from '@jest/globals';
import {
  findCard,
  newRecord,
  withEvents,
} from '../../apps/authorizer/src/simulate/authorize-charge.use-case.js';
import { SettleReservation } from '../../apps/authorizer/src/simulate/settle-reservation.use-case.js';
import { Clock } from '#platform';
import {
  AuthorizationsRepository,
  CardVault,
  TokenSource,
  TransactionsRepository,
  UnitOfWork,
  type AuthenticatedAccount,
} from '#persistence';
import { charge, issueCard, storedCard, storedTransaction, useContext } from '../support/app-context.js';
import { testDatabase } from '../support/sandbox.js';

const A_MINUTE = 60_000;

describe(`SettleReservation on the ${testDatabase()} database`, () => {
  const context = useContext();
  const settle = () => context.get(SettleReservation);

  /**
   * An approval waiting for a responder, recorded as AuthorizeCharge records one before it asks
   * (same record, same repository), without a responder to ask.
   */
  async function reserve(account: AuthenticatedAccount, pan: string, amount: number): Promise<string> {
    const db = context.get(UnitOfWork);
    const authorizations = context.get(AuthorizationsRepository);
    const vault = context.get(CardVault);
    const tokens = context.get(TokenSource);
    const card = await findCard(authorizations, vault, db.autocommit, account, pan);
    const now = context.get(Clock).now(account);
    const decision = {
      approved: true as const,
      closeCard: card.card.type === 'SINGLE_USE',
      lockMerchant: null,
    };
    const record = newRecord(card, charge(pan, amount), { status: 'AUTHORIZATION', decision }, now, {
      deadline: new Date(Date.now() + A_MINUTE),
      claim: null,
      tokens,
    });
    await authorizations.record(db.autocommit, withEvents(record, card, now, vault, tokens));
    return record.transaction.token;
  }

  /** The stored row, waiting reservation or not (findOne hides one that waits). */
  async function locked(token: string) {
    return context
      .get(UnitOfWork)
      .transaction((tx) => context.get(AuthorizationsRepository).lockTransaction(tx, token));
  }

  it('confirms an approved reservation: it stays pending and becomes visible', async () => {
    const account = await context.newAccount();
    const { pan } = await issueCard(context, account);
    const token = await reserve(account, pan, 1200);
    await expect(context.get(TransactionsRepository).findOne(account.token, token)).resolves.toBeNull();

    const settled = await settle().execute(token, { approved: true }, new Date());

    expect(settled).toMatchObject({ token, status: 'PENDING', result: 'APPROVED', responder_deadline: null });
    const { transaction } = await storedTransaction(context, account, token);
    expect(transaction).toMatchObject({ status: 'PENDING', pending_amount: 1200, responder_deadline: null });
  });

  it('declines a reservation: it releases the hold and reopens the single-use card it closed', async () => {
    const account = await context.newAccount();
    const { card, pan } = await issueCard(context, account, { type: 'SINGLE_USE' });
    const token = await reserve(account, pan, 900);
    await expect(storedCard(context, account, card.token)).resolves.toMatchObject({ state: 'CLOSED' });

    const decision = {
      approved: false as const,
      result: 'SUSPECTED_FRAUD',
      detailedResult: 'SUSPECTED_FRAUD',
      explanation: 'the responder declined',
    };
    const settled = await settle().execute(token, decision, new Date());

    expect(settled).toMatchObject({ status: 'DECLINED', result: 'SUSPECTED_FRAUD', pending_amount: 0 });
    const { transaction } = await storedTransaction(context, account, token);
    expect(transaction).toMatchObject({ status: 'DECLINED', result: 'SUSPECTED_FRAUD', pending_amount: 0 });
    await expect(storedCard(context, account, card.token)).resolves.toMatchObject({
      state: 'OPEN',
      consumed: false,
      closed_by: null,
    });
  });

  it('leaves a settled reservation as it is when a second answer comes', async () => {
    const account = await context.newAccount();
    const { pan } = await issueCard(context, account);
    const token = await reserve(account, pan, 400);
    await settle().execute(token, { approved: true }, new Date());

    const again = await settle().execute(token, settle().fallback(), new Date());

    expect(again).toMatchObject({ status: 'PENDING', result: 'APPROVED' });
    await expect(locked(token)).resolves.toMatchObject({ status: 'PENDING', responder_deadline: null });
  });

  it('settles with the fallback, which declines by default', async () => {
    const account = await context.newAccount();
    const { pan } = await issueCard(context, account);
    const token = await reserve(account, pan, 400);

    await settle().execute(token, settle().fallback(), new Date());

    const { transaction } = await storedTransaction(context, account, token);
    expect(transaction).toMatchObject({ status: 'DECLINED', pending_amount: 0, responder_deadline: null });
  });
});
