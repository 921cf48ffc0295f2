import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { describe, expect, it, jest } from '@jest/globals';
import { AuthorizeCharge } from '../../apps/authorizer/src/simulate/authorize-charge.use-case.js';
import { UpdateAccount } from '../../apps/issuer/src/accounts/update-account.use-case.js';
import { UpdateCard } from '../../apps/issuer/src/cards/update-card.use-case.js';
import { AccountsRepository, AuthorizationsRepository, type AuthenticatedAccount } from '#persistence';
import { charge, issueCard, storedCard, storedTransaction, useContext } from '../support/app-context.js';
import { testDatabase } from '../support/sandbox.js';

describe(`AuthorizeCharge on the ${testDatabase()} database`, () => {
  const context = useContext();
  const authorize = () => context.get(AuthorizeCharge);

  /** The stored decline: DECLINED with no amounts, one event naming the detailed result and its rule. */
  async function expectStoredDecline(
    account: Awaited<ReturnType<typeof context.newAccount>>,
    token: string,
    result: string,
    detailedResult: string,
  ): Promise<void> {
    const { transaction, events } = await storedTransaction(context, account, token);
    expect(transaction).toMatchObject({ status: 'DECLINED', result, pending_amount: 0, settled_amount: 0 });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'AUTHORIZATION', result, detailed_result: detailedResult });
    expect(events[0].explanation).toEqual(expect.any(String));
  }

  it('approves a charge on an open card and stores it pending with its hold', async () => {
    const account = await context.newAccount();
    const { card, pan } = await issueCard(context, account);

    const outcome = await authorize().execute(account, charge(pan, 2500));

    expect(outcome).toEqual({ approved: true, token: expect.any(String) });
    const { transaction, events } = await storedTransaction(context, account, outcome.token);
    expect(transaction).toMatchObject({
      card_token: card.token,
      status: 'PENDING',
      result: 'APPROVED',
      polarity: 'DEBIT',
      pending_amount: 2500,
      settled_amount: 0,
      descriptor: 'SANDBOX MERCHANT',
      responder_deadline: null,
    });
    expect(events).toEqual([
      expect.objectContaining({ type: 'AUTHORIZATION', amount: 2500, result: 'APPROVED' }),
    ]);
  });

  it('declines a charge on a paused card', async () => {
    const account = await context.newAccount();
    const { pan } = await issueCard(context, account, { state: 'PAUSED' });

    const outcome = await authorize().execute(account, charge(pan, 1000));

    expect(outcome).toEqual({ approved: false, token: expect.any(String), explanation: expect.any(String) });
    await expectStoredDecline(account, outcome.token, 'CARD_PAUSED', 'CARD_PAUSED');
  });

  it('closes a single-use card on its first approval and declines a second charge on it', async () => {
    const account = await context.newAccount();
    const { card, pan } = await issueCard(context, account, { type: 'SINGLE_USE' });

    const first = await authorize().execute(account, charge(pan, 1000));
    expect(first.approved).toBe(true);
    await expect(storedCard(context, account, card.token)).resolves.toMatchObject({
      state: 'CLOSED',
      consumed: true,
      closed_by: first.token,
    });

    const second = await authorize().execute(account, charge(pan, 1000));
    expect(second.approved).toBe(false);
    await expectStoredDecline(account, second.token, 'SINGLE_USE_RECHARGED', 'SINGLE_USE_CARD_REATTEMPTED');
  });

  it('locks a merchant-locked card to its first merchant and declines another merchant', async () => {
    const account = await context.newAccount();
    const { card, pan } = await issueCard(context, account, { type: 'MERCHANT_LOCKED' });

    await expect(authorize().execute(account, charge(pan, 1000, 'COFFEE SHOP'))).resolves.toMatchObject({
      approved: true,
    });
    await expect(storedCard(context, account, card.token)).resolves.toMatchObject({
      locked_merchant: 'COFFEE SHOP',
    });

    const elsewhere = await authorize().execute(account, charge(pan, 1000, 'BOOK STORE'));
    expect(elsewhere).toMatchObject({ approved: false, explanation: expect.stringContaining('COFFEE SHOP') });
    await expectStoredDecline(
      account,
      elsewhere.token,
      'UNAUTHORIZED_MERCHANT',
      'MERCHANT_LOCKED_CARD_ATTEMPTED_ELSEWHERE',
    );
  });

  it('declines a charge over the card’s spend limit, counting the approvals before it', async () => {
    const account = await context.newAccount();
    const { pan } = await issueCard(context, account, {
      spend_limit: 3000,
      spend_limit_duration: 'FOREVER',
    });

    await expect(authorize().execute(account, charge(pan, 2000))).resolves.toMatchObject({ approved: true });
    const over = await authorize().execute(account, charge(pan, 1500));

    expect(over.approved).toBe(false);
    await expectStoredDecline(account, over.token, 'USER_TRANSACTION_LIMIT', 'CARD_SPEND_LIMIT_EXCEEDED');
  });

  describe('on an account that keeps no spend counters yet', () => {
    const counting = async (account: { token: string }) =>
      (await context.get(AccountsRepository).findOne(account.token))?.counts_spend;

    /** An approval made while the account kept no counters, then a $30 daily limit on the account. */
    async function limitedAfterACharge() {
      const account = await context.newAccount();
      // A monthly card limit takes the locked path, where the account's limit is read under the lock.
      const { pan } = await issueCard(context, account, {
        spend_limit: 100_000,
        spend_limit_duration: 'MONTHLY',
      });
      await expect(authorize().execute(account, charge(pan, 2000))).resolves.toMatchObject({
        approved: true,
      });
      expect(await counting(account)).toBe(false);
      await context.get(UpdateAccount).execute(account, account.token, { daily_spend_limit: 3000 });
      return { account, pan };
    }

    /** Declined over the account's daily limit, the earlier approval counted, and the account counting now. */
    async function expectDeclinedByCountedLimit(
      account: AuthenticatedAccount,
      over: { approved: boolean; token: string },
    ): Promise<void> {
      expect(over.approved).toBe(false);
      await expectStoredDecline(
        account,
        over.token,
        'USER_TRANSACTION_LIMIT',
        'ACCOUNT_DAILY_SPEND_LIMIT_EXCEEDED',
      );
      expect(await counting(account)).toBe(true);
    }

    it('builds them before the first charge that reads them, so earlier approvals count', async () => {
      const { account, pan } = await limitedAfterACharge();
      const spy = jest.spyOn(context.get(AuthorizationsRepository), 'findByPanHash');

      const over = await authorize().execute(account, charge(pan, 1500));

      // Built before the charge's transaction, which then ran once.
      const calls = spy.mock.calls.length;
      spy.mockRestore();
      expect(calls).toBe(1);
      await expectDeclinedByCountedLimit(account, over);
    });

    it('builds them when the limit appears between the first read and the lock, and charges again', async () => {
      const { account, pan } = await limitedAfterACharge();
      // The first read misses the limit, as if it were set a moment later; the read under the lock sees it.
      const repository = context.get(AuthorizationsRepository);
      const findByPanHash = repository.findByPanHash.bind(repository);
      const spy = jest.spyOn(repository, 'findByPanHash').mockImplementationOnce(async (...args) => {
        const read = await findByPanHash(...args);
        return read && { ...read, account: { ...read.account, dailySpendLimit: null } };
      });

      try {
        const over = await authorize().execute(account, charge(pan, 1500));

        await expectDeclinedByCountedLimit(account, over);
        // The first run stepped aside under the lock and the charge ran again from its first read.
        expect(spy).toHaveBeenCalledTimes(2);
      } finally {
        spy.mockRestore();
      }
    });
  });

  it('declines on a card paused after it was issued, and approves again once it is reopened', async () => {
    const account = await context.newAccount();
    const { card, pan } = await issueCard(context, account);
    await context.get(UpdateCard).execute(account, card.token, { state: 'PAUSED' });

    await expect(authorize().execute(account, charge(pan, 100))).resolves.toMatchObject({ approved: false });
    await context.get(UpdateCard).execute(account, card.token, { state: 'OPEN' });
    await expect(authorize().execute(account, charge(pan, 100))).resolves.toMatchObject({ approved: true });
  });

  it('refuses a PAN of another account as bad input', async () => {
    const owner = await context.newAccount();
    const stranger = await context.newAccount();
    const { pan } = await issueCard(context, owner);

    await expect(authorize().execute(stranger, charge(pan, 100))).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('pan'),
    });
  });

  it('answers a retry with the same claim from the charge it already stored', async () => {
    const account = await context.newAccount();
    const { pan } = await issueCard(context, account);

    const claim = randomUUID();
    const first = await authorize().execute(account, charge(pan, 700), claim);
    const retry = await authorize().execute(account, charge(pan, 700), claim);

    expect(retry).toEqual(first);
  });

  /**
   * The writes on the app's connections to the database while `run` runs: each one a round trip's
   * departure (statements sent together leave in one write; pg alone wrote one per statement).
   */
  async function databaseWrites(run: () => Promise<unknown>): Promise<number> {
    const url = (context.database.dataSource.options as { url: string }).url;
    const port = Number(new URL(url).port || 5432);
    let writes = 0;
    const count = function (this: Socket) {
      if (this.remotePort === port) writes++;
    };
    const spies = (['_write', '_writev'] as const).map((method) => {
      const original = Socket.prototype[method] as (...args: unknown[]) => unknown;
      return jest.spyOn(Socket.prototype, method).mockImplementation(function (this: Socket, ...args) {
        count.call(this);
        return original.apply(this, args);
      });
    });
    try {
      await run();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    return writes;
  }

  it('charges a plain card in 2 round trips and a limited one in 3', async () => {
    const account = await context.newAccount();
    const plain = await issueCard(context, account);
    const limited = await issueCard(context, account, {
      spend_limit: 10_000,
      spend_limit_duration: 'MONTHLY',
    });
    // Warm: the auth rule sets are read once per change, and each connection prepares once.
    for (let i = 0; i < 3; i++) {
      await authorize().execute(account, charge(plain.pan, 100));
      await authorize().execute(account, charge(limited.pan, 100));
    }

    // The fewest of a few charges: the app's pollers (webhooks, expiries) write on the same
    // connections now and then, and one may land inside a charge.
    const fewestWrites = async (pan: string) => {
      const counts: number[] = [];
      for (let i = 0; i < 5; i++)
        counts.push(await databaseWrites(() => authorize().execute(account, charge(pan, 100))));
      return Math.min(...counts);
    };

    // Find the card; record the charge.
    expect(await fewestWrites(plain.pan)).toBe(2);
    // Find the card; BEGIN, lock the account and the card, read the usage; record and COMMIT.
    expect(await fewestWrites(limited.pan)).toBe(3);
  });
});
