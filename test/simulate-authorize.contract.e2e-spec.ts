import { describe, expect, it } from '@jest/globals';
import Lithic, { APIError } from 'lithic';
import {
  type Transaction,
  type AuthorizeWithCardDetails,
  charge,
  approve,
  decline,
  retrieve,
  expectDeclined,
  listAll,
  spendLimits,
  UUID,
  accountsWithCards,
} from './support/authorizer.js';
import { errorBody, failure } from './support/http.js';
import { testDatabase, useSandbox } from './support/sandbox.js';
import { PIN_BLOCK_1234 } from './support/spec-fixtures.js';
import { expectMatchesSpec } from './support/spec.js';

describe(`deciding a charge (POST /v1/simulate/authorize) through the official SDK on the ${testDatabase()} database`, () => {
  const sandbox = useSandbox();
  const accountWithCard = accountsWithCards(sandbox);

  describe('approving', () => {
    it('approves a charge on an open card as a PENDING transaction with one AUTHORIZATION event and a six-digit code', async () => {
      const { client, card, accountToken } = await accountWithCard();
      const token = await approve(client, { ...charge(card, 1234, 'COFFEE SHOP'), mcc: '5812' });
      const transaction = await retrieve(client, token);
      expect(transaction).toMatchObject({
        account_token: accountToken,
        card_token: card.token,
        status: 'PENDING',
        result: 'APPROVED',
        amount: 1234,
        authorization_amount: 1234,
        settled_amount: 0,
        merchant: expect.objectContaining({ descriptor: 'COFFEE SHOP', mcc: '5812' }),
      });
      expect(transaction.amounts.hold).toEqual({ amount: 1234, currency: 'USD' });
      expect(transaction.authorization_code).toMatch(/^\d{6}$/);
      expect(transaction.events).toHaveLength(1);
      expect(transaction.events![0]).toMatchObject({
        type: 'AUTHORIZATION',
        amount: 1234,
        result: 'APPROVED',
        detailed_results: ['APPROVED'],
        effective_polarity: 'DEBIT',
      });
      expect(JSON.stringify(transaction)).not.toContain(card.pan!);
    });
  });

  describe('answers', () => {
    it('carries the request id of an approval and of a decline in the body and the x-request-id header', async () => {
      const { client, card } = await accountWithCard({
        spend_limit: 100,
        spend_limit_duration: 'TRANSACTION',
      });
      const { data, response } = await client.transactions
        .simulateAuthorization(charge(card, 100))
        .withResponse();
      expect(data.debugging_request_id).toMatch(UUID);
      expect(response.headers.get('x-request-id')).toBe(data.debugging_request_id);

      const error = await failure(client.transactions.simulateAuthorization(charge(card, 101)));
      expect(errorBody(error).debugging_request_id).toMatch(UUID);
      expect((error as APIError).headers?.get('x-request-id')).toBe(errorBody(error).debugging_request_id);
    });
  });

  describe('single-use cards', () => {
    it('approves the first charge, declines the second as a reattempt, closes the card and still posts a refund', async () => {
      const { client, card } = await accountWithCard({ type: 'SINGLE_USE' });
      const first = await approve(client, charge(card, 2500, 'FIRST SHOP'));
      expect(first).toMatch(UUID);

      const second = await decline(client, charge(card, 500, 'SECOND SHOP'));
      expect(second.token).not.toBe(first);
      const declined = await expectDeclined(
        client,
        second.token,
        'SINGLE_USE_RECHARGED',
        'SINGLE_USE_CARD_REATTEMPTED',
      );
      expect(declined.events![0].rule_results[0].explanation).toBe(second.message);
      await expect(client.cards.retrieve(card.token)).resolves.toMatchObject({ state: 'CLOSED' });

      const refund = await client.transactions
        .simulateReturn({ amount: 2500, descriptor: 'FIRST SHOP', pan: card.pan! })
        .withResponse();
      expect(refund.response.status).toBe(201);
      expectMatchesSpec(refund.data, '/v1/simulate/return', 'post', 201);
      const credit = await retrieve(client, refund.data.token!);
      expect(credit).toMatchObject({ status: 'SETTLED', result: 'APPROVED', amount: -2500 });
      expect(credit.events!.map((e) => [e.type, e.effective_polarity])).toEqual([['RETURN', 'CREDIT']]);
    });

    it('still clears the approved authorization after the card closed', async () => {
      const { client, card } = await accountWithCard({ type: 'SINGLE_USE' });
      const token = await approve(client, charge(card, 4000));
      await expect(client.cards.retrieve(card.token)).resolves.toMatchObject({ state: 'CLOSED' });
      await client.transactions.simulateClearing({ token });
      await expect(retrieve(client, token)).resolves.toMatchObject({ status: 'SETTLED', amount: 4000 });
    });

    it('still posts credits of every kind on the used card', async () => {
      const { client, card } = await accountWithCard({ type: 'SINGLE_USE' });
      await approve(client, charge(card, 1000));
      const credit = await approve(client, { ...charge(card, 500), status: 'CREDIT_AUTHORIZATION' });
      await expect(retrieve(client, credit)).resolves.toMatchObject({ status: 'PENDING', amount: -500 });
      const financial = await approve(client, {
        ...charge(card, 300),
        status: 'FINANCIAL_CREDIT_AUTHORIZATION',
      });
      await expect(retrieve(client, financial)).resolves.toMatchObject({ status: 'SETTLED', amount: -300 });
      const { token: advice } = await client.transactions.simulateCreditAuthorizationAdvice({
        amount: 200,
        descriptor: 'REFUND',
        pan: card.pan!,
      });
      await expect(retrieve(client, advice!)).resolves.toMatchObject({ status: 'PENDING', amount: -200 });
      const debit = await decline(client, { ...charge(card, 100), status: 'FINANCIAL_AUTHORIZATION' });
      await expectDeclined(client, debit.token, 'SINGLE_USE_RECHARGED', 'SINGLE_USE_CARD_REATTEMPTED');
    });

    it('is neither closed nor locked by a balance inquiry, which is not a debit', async () => {
      const { client, card } = await accountWithCard({ type: 'SINGLE_USE' });
      const locked = await client.cards.create({ type: 'MERCHANT_LOCKED' });
      for (const target of [card, locked]) {
        const token = await approve(client, {
          ...charge(target, 0, 'BALANCE CHECK'),
          status: 'BALANCE_INQUIRY',
        });
        const inquiry = await retrieve(client, token);
        expect(inquiry).toMatchObject({ result: 'APPROVED', amount: 0 });
        expect(inquiry.events!.map((e) => e.type)).toEqual(['BALANCE_INQUIRY']);
      }
      await expect(client.cards.retrieve(card.token)).resolves.toMatchObject({ state: 'OPEN' });
      await expect(client.cards.retrieve(locked.token)).resolves.toMatchObject({ hostname: '' });
      await approve(client, charge(locked, 100, 'REAL SHOP'));
      await expect(client.cards.retrieve(locked.token)).resolves.toMatchObject({ hostname: 'REAL SHOP' });
    });

    it('does not spend the card on a declined charge', async () => {
      const { client, card } = await accountWithCard({
        type: 'SINGLE_USE',
        spend_limit: 1000,
        spend_limit_duration: 'TRANSACTION',
      });
      const { token } = await decline(client, charge(card, 1001));
      await expectDeclined(client, token, 'USER_TRANSACTION_LIMIT', 'CARD_SPEND_LIMIT_EXCEEDED');
      await expect(client.cards.retrieve(card.token)).resolves.toMatchObject({ state: 'OPEN' });
      await approve(client, charge(card, 1000));
      await expect(client.cards.retrieve(card.token)).resolves.toMatchObject({ state: 'CLOSED' });
    });
  });

  describe('merchant-locked cards', () => {
    it('locks to the first merchant by its normalised descriptor and declines every other merchant', async () => {
      const { client, card } = await accountWithCard({ type: 'MERCHANT_LOCKED' });
      await approve(client, charge(card, 1000, '  Coffee   Shop '));
      const locked = await client.cards.retrieve(card.token);
      expect(locked.hostname).toBe('COFFEE SHOP');

      const elsewhere = await decline(client, charge(card, 1000, 'BOOK STORE'));
      const declined = await expectDeclined(
        client,
        elsewhere.token,
        'UNAUTHORIZED_MERCHANT',
        'MERCHANT_LOCKED_CARD_ATTEMPTED_ELSEWHERE',
      );
      expect(declined.events![0].rule_results[0].explanation).toContain('COFFEE SHOP');
      expect(elsewhere.message).toContain('COFFEE SHOP');

      await approve(client, charge(card, 700, 'COFFEE SHOP'));
      await approve(client, charge(card, 300, 'coffee shop'));
      await expect(client.cards.retrieve(card.token)).resolves.toMatchObject({ hostname: 'COFFEE SHOP' });
    });

    it('locks to the merchant_acceptor_id when the first charge gives one', async () => {
      const { client, card } = await accountWithCard({ type: 'MERCHANT_LOCKED' });
      await approve(client, { ...charge(card, 1000, 'SHOP ONE'), merchant_acceptor_id: 'MID000123' });
      await expect(client.cards.retrieve(card.token)).resolves.toMatchObject({ hostname: 'MID000123' });

      await approve(client, { ...charge(card, 1000, 'SHOP ONE RENAMED'), merchant_acceptor_id: 'MID000123' });
      const other = await decline(client, {
        ...charge(card, 1000, 'SHOP ONE'),
        merchant_acceptor_id: 'MID000999',
      });
      const declined = await expectDeclined(
        client,
        other.token,
        'UNAUTHORIZED_MERCHANT',
        'MERCHANT_LOCKED_CARD_ATTEMPTED_ELSEWHERE',
      );
      expect(declined.events![0].rule_results[0].explanation).toContain('MID000123');
    });

    it('is not locked by a declined charge', async () => {
      const { client, card } = await accountWithCard({
        type: 'MERCHANT_LOCKED',
        spend_limit: 1000,
        spend_limit_duration: 'TRANSACTION',
      });
      await decline(client, charge(card, 5000, 'EXPENSIVE SHOP'));
      await expect(client.cards.retrieve(card.token)).resolves.toMatchObject({ hostname: '' });
      await approve(client, charge(card, 500, 'CHEAP SHOP'));
      await expect(client.cards.retrieve(card.token)).resolves.toMatchObject({ hostname: 'CHEAP SHOP' });
    });
  });

  describe('card states', () => {
    it('declines a PAUSED card, approves it once resumed, and declines it once CLOSED', async () => {
      const { client, card } = await accountWithCard({ state: 'PAUSED' });
      const paused = await decline(client, charge(card, 1000));
      await expectDeclined(client, paused.token, 'CARD_PAUSED', 'CARD_PAUSED');

      await client.cards.update(card.token, { state: 'OPEN' });
      await approve(client, charge(card, 1000));

      await client.cards.update(card.token, { state: 'CLOSED' });
      const closed = await decline(client, charge(card, 1000));
      await expectDeclined(client, closed.token, 'CARD_CLOSED', 'CARD_CLOSED');
    });

    it('declines an unused single-use card closed by hand as CARD_CLOSED, not as a reattempt', async () => {
      const { client, card } = await accountWithCard({ type: 'SINGLE_USE' });
      await client.cards.update(card.token, { state: 'CLOSED' });
      const closed = await decline(client, charge(card, 1000));
      await expectDeclined(client, closed.token, 'CARD_CLOSED', 'CARD_CLOSED');
    });
  });

  describe('card spend limits', () => {
    it('declines a charge over a TRANSACTION limit and approves each one under it', async () => {
      const { client, card } = await accountWithCard({
        spend_limit: 1000,
        spend_limit_duration: 'TRANSACTION',
      });
      const over = await decline(client, charge(card, 1001));
      await expectDeclined(client, over.token, 'USER_TRANSACTION_LIMIT', 'CARD_SPEND_LIMIT_EXCEEDED');
      await approve(client, charge(card, 1000));
      await approve(client, charge(card, 999));
    });

    it('counts pending and settled debits against a FOREVER limit, frees voided and expired amounts, and ignores declines and credits', async () => {
      const { client, card } = await accountWithCard({
        spend_limit: 10_000,
        spend_limit_duration: 'FOREVER',
      });
      const expectUsed = async (used: number) => {
        const limits = await spendLimits(client, card.token);
        expect(limits.spend_limit).toMatchObject({ forever: 10_000 });
        expect(limits.spend_velocity).toMatchObject({ forever: used });
        expect(limits.available_spend_limit).toMatchObject({ forever: 10_000 - used });
      };
      await expectUsed(0);

      const held = await approve(client, charge(card, 3000)); // pending: 3000 used
      const settled = await approve(client, charge(card, 4000));
      await client.transactions.simulateClearing({ token: settled }); // settled: 7000 used
      await expectUsed(7000);

      const overLimit = await decline(client, charge(card, 3001));
      await expectDeclined(client, overLimit.token, 'USER_TRANSACTION_LIMIT', 'CARD_SPEND_LIMIT_EXCEEDED');
      await expectUsed(7000); // the decline counts for nothing

      await client.transactions.simulateReturn({ amount: 5000, descriptor: 'REFUND', pan: card.pan! });
      await approve(client, { ...charge(card, 5000), status: 'CREDIT_AUTHORIZATION' });
      await expectUsed(7000); // credits never count

      const filling = await approve(client, charge(card, 3000)); // 10000 used
      await expectUsed(10_000);
      await decline(client, charge(card, 1));

      await client.transactions.simulateVoid({ token: held }); // 7000 used
      await expectUsed(7000);
      const partlyVoided = await approve(client, charge(card, 2000)); // 9000 used
      await client.transactions.simulateVoid({ token: partlyVoided, amount: 500 }); // 8500 used
      await expectUsed(8500);
      await decline(client, charge(card, 1501));
      const last = await approve(client, charge(card, 1500)); // 10000 used
      await decline(client, charge(card, 1));

      await client.transactions.simulateVoid({ token: last, type: 'AUTHORIZATION_EXPIRY' }); // 8500 used
      await expectUsed(8500);
      await approve(client, charge(card, 1500));
      await expectUsed(10_000);
      expect(filling).toMatch(UUID);
    });

    it('reports no limit and no available amount for a card without a windowed limit', async () => {
      const { client, card } = await accountWithCard();
      await approve(client, charge(card, 2500));
      const limits = await spendLimits(client, card.token);
      expect(limits.available_spend_limit).toEqual({});
      expect(limits.spend_limit ?? {}).toEqual({});
    });
  });

  describe('account state and limits', () => {
    it('declines a debit that would pass the account daily limit, across its cards', async () => {
      const { client, accountToken, card } = await accountWithCard();
      const other = await client.cards.create({ type: 'VIRTUAL' });
      await approve(client, charge(card, 6000)); // before the limit is set; it still counts once set
      await client.accounts.update(accountToken, { daily_spend_limit: 10_000 });

      await approve(client, charge(other, 3000));
      const over = await decline(client, charge(card, 1001));
      await expectDeclined(
        client,
        over.token,
        'USER_TRANSACTION_LIMIT',
        'ACCOUNT_DAILY_SPEND_LIMIT_EXCEEDED',
      );
      await approve(client, charge(other, 1000));
      await decline(client, charge(other, 1));

      await client.accounts.update(accountToken, { daily_spend_limit: 0 });
      await approve(client, charge(card, 50_000));
    });

    it('frees a voided amount and ignores credits under an account daily limit', async () => {
      const { client, accountToken, card } = await accountWithCard();
      await client.accounts.update(accountToken, { daily_spend_limit: 5000 });
      const held = await approve(client, charge(card, 5000));
      await decline(client, charge(card, 1));
      await client.transactions.simulateReturn({ amount: 5000, descriptor: 'REFUND', pan: card.pan! });
      await decline(client, charge(card, 1));
      await client.transactions.simulateVoid({ token: held });
      await approve(client, charge(card, 5000));
    });

    it('declines with the monthly and the lifetime account limits, the smallest window first', async () => {
      const { client, accountToken, card } = await accountWithCard();
      await approve(client, charge(card, 4000));
      await client.accounts.update(accountToken, { monthly_spend_limit: 5000 });
      const monthly = await decline(client, charge(card, 1001));
      await expectDeclined(
        client,
        monthly.token,
        'USER_TRANSACTION_LIMIT',
        'ACCOUNT_MONTHLY_SPEND_LIMIT_EXCEEDED',
      );

      await client.accounts.update(accountToken, { monthly_spend_limit: 0, lifetime_spend_limit: 4500 });
      const lifetime = await decline(client, charge(card, 501));
      await expectDeclined(
        client,
        lifetime.token,
        'USER_TRANSACTION_LIMIT',
        'ACCOUNT_LIFETIME_SPEND_LIMIT_EXCEEDED',
      );
      await approve(client, charge(card, 500));

      await client.accounts.update(accountToken, { daily_spend_limit: 4500, monthly_spend_limit: 4500 });
      const daily = await decline(client, charge(card, 1));
      await expectDeclined(
        client,
        daily.token,
        'USER_TRANSACTION_LIMIT',
        'ACCOUNT_DAILY_SPEND_LIMIT_EXCEEDED',
      );
    });

    it('declines every card of a CLOSED account as an inactive account', async () => {
      const { client, accountToken, card } = await accountWithCard();
      await client.accounts.update(accountToken, { state: 'CLOSED' });
      const closed = await decline(client, charge(card, 1000));
      await expectDeclined(client, closed.token, 'INACTIVE_ACCOUNT', 'ACCOUNT_INACTIVE');
    });

    it('declines every card of a PAUSED account and approves again once it is ACTIVE', async () => {
      const { client, accountToken, card } = await accountWithCard();
      await client.accounts.update(accountToken, { state: 'PAUSED' });
      const paused = await decline(client, charge(card, 1000));
      await expectDeclined(client, paused.token, 'ACCOUNT_PAUSED', 'ACCOUNT_PAUSED');
      await client.accounts.update(accountToken, { state: 'ACTIVE' });
      await approve(client, charge(card, 1000));
    });
  });

  describe('the PIN', () => {
    it('approves the right PIN and declines a wrong one as INCORRECT_PIN / CARD_PIN_INCORRECT', async () => {
      const { client, card } = await accountWithCard({ pin: PIN_BLOCK_1234 });
      await approve(client, { ...charge(card, 1000), pin: '1234' });
      const wrong = await decline(client, { ...charge(card, 1000), pin: '1235' });
      const declined = await expectDeclined(client, wrong.token, 'INCORRECT_PIN', 'CARD_PIN_INCORRECT');
      expect(declined.events![0].rule_results[0].explanation).toBe(wrong.message);
      expect(wrong.message).not.toContain('1235');
      // No PIN entered: nothing to check.
      await approve(client, charge(card, 1000));
    });

    it("checks a PIN given as base64 of the PIN's own characters, and the new PIN after a PATCH", async () => {
      const { client, card } = await accountWithCard({ pin: Buffer.from('987654').toString('base64') });
      await approve(client, { ...charge(card, 100), pin: '987654' });
      await decline(client, { ...charge(card, 100), pin: '1234' });
      await client.cards.update(card.token, { pin: PIN_BLOCK_1234 });
      await approve(client, { ...charge(card, 100), pin: '1234' });
      const old = await decline(client, { ...charge(card, 100), pin: '987654' });
      await expectDeclined(client, old.token, 'INCORRECT_PIN', 'CARD_PIN_INCORRECT');
    });

    it('declines any PIN on a card that has none, which cannot be verified', async () => {
      const { client, card } = await accountWithCard();
      const { token, message } = await decline(client, { ...charge(card, 1000), pin: '1234' });
      await expectDeclined(client, token, 'INCORRECT_PIN', 'CARD_PIN_INCORRECT');
      expect(message).toMatch(/no PIN/);
      await approve(client, charge(card, 1000));
    });

    it('comes after the CVV check and before single-use reuse', async () => {
      const { client, card } = await accountWithCard({ type: 'SINGLE_USE', pin: PIN_BLOCK_1234 });
      const wrongCvv = String((Number(card.cvv) + 1) % 1000).padStart(3, '0');
      const both = await decline(client, { ...charge(card, 100), cvv: wrongCvv, pin: '0000' });
      await expectDeclined(client, both.token, 'INVALID_CARD_DETAILS', 'CARD_SECURITY_CODE_INCORRECT');
      await approve(client, { ...charge(card, 100), pin: '1234' });
      const reused = await decline(client, { ...charge(card, 100), pin: '0000' });
      await expectDeclined(client, reused.token, 'INCORRECT_PIN', 'CARD_PIN_INCORRECT');
    });
  });

  describe('card details and order of checks', () => {
    it('declines a wrong CVV and a wrong expiry date, and approves the right ones', async () => {
      const { client, card } = await accountWithCard();
      const wrongCvv = String((Number(card.cvv) + 1) % 1000).padStart(3, '0');
      const badCvv = await decline(client, { ...charge(card, 1000), cvv: wrongCvv });
      await expectDeclined(client, badCvv.token, 'INVALID_CARD_DETAILS', 'CARD_SECURITY_CODE_INCORRECT');

      const wrongMonth = String((Number(card.exp_month) % 12) + 1).padStart(2, '0');
      const badMonth = await decline(client, {
        ...charge(card, 1000),
        exp_month: wrongMonth,
        exp_year: card.exp_year,
      });
      await expectDeclined(client, badMonth.token, 'INVALID_CARD_DETAILS', 'CARD_EXPIRY_DATE_INCORRECT');
      const badYear = await decline(client, {
        ...charge(card, 1000),
        exp_year: String(Number(card.exp_year) + 1),
      });
      await expectDeclined(client, badYear.token, 'INVALID_CARD_DETAILS', 'CARD_EXPIRY_DATE_INCORRECT');

      await approve(client, {
        ...charge(card, 1000),
        cvv: card.cvv!,
        exp_month: card.exp_month,
        exp_year: card.exp_year,
      });
    });

    it('refuses a PAN that no card of the account has with a 400 and creates no transaction', async () => {
      const { client, card } = await accountWithCard();
      const stranger = await accountWithCard();
      await approve(client, charge(card, 100));
      const before = await listAll(client);
      expect(before.items).toHaveLength(1);

      for (const pan of ['4111111111111111', stranger.card.pan!]) {
        const error = await failure(
          client.transactions.simulateAuthorization({ amount: 100, descriptor: 'X', pan }),
        );
        expect(error).toBeInstanceOf(Lithic.BadRequestError);
        expectMatchesSpec(errorBody(error), '/v1/simulate/authorize', 'post', 400);
        expect(errorBody(error).message).toMatch(/\bpan\b/);
        expect(errorBody(error).message).not.toContain(pan);
      }
      const refund = await failure(
        client.transactions.simulateReturn({ amount: 100, descriptor: 'X', pan: stranger.card.pan! }),
      );
      expect(refund).toBeInstanceOf(Lithic.BadRequestError);
      expect(errorBody(refund).message).toMatch(/\bpan\b/);
      const after = await listAll(client);
      expect(after.items.map((t) => t.token)).toEqual(before.items.map((t) => t.token));
      await expect(listAll(stranger.client)).resolves.toMatchObject({ items: [] });
    });

    it('lets the first failing check decide, in the contract order', async () => {
      const { client, accountToken, card } = await accountWithCard({
        type: 'MERCHANT_LOCKED',
        spend_limit: 1000,
        spend_limit_duration: 'TRANSACTION',
      });
      await approve(client, charge(card, 100, 'HOME SHOP'));
      await client.accounts.update(accountToken, { state: 'PAUSED' });
      const wrongCvv = String((Number(card.cvv) + 1) % 1000).padStart(3, '0');
      const cases: [AuthorizeWithCardDetails, Transaction['result'], string][] = [
        [
          { ...charge(card, 5000, 'AWAY SHOP'), cvv: wrongCvv },
          'INVALID_CARD_DETAILS',
          'CARD_SECURITY_CODE_INCORRECT',
        ],
        [
          charge(card, 5000, 'AWAY SHOP'),
          'UNAUTHORIZED_MERCHANT',
          'MERCHANT_LOCKED_CARD_ATTEMPTED_ELSEWHERE',
        ],
        [charge(card, 5000, 'HOME SHOP'), 'USER_TRANSACTION_LIMIT', 'CARD_SPEND_LIMIT_EXCEEDED'],
        [charge(card, 500, 'HOME SHOP'), 'ACCOUNT_PAUSED', 'ACCOUNT_PAUSED'],
      ];
      for (const [params, result, detailed] of cases) {
        const { token } = await decline(client, params);
        await expectDeclined(client, token, result, detailed);
      }
      await client.cards.update(card.token, { state: 'PAUSED' });
      const { token } = await decline(client, { ...charge(card, 5000, 'AWAY SHOP'), cvv: wrongCvv });
      await expectDeclined(client, token, 'CARD_PAUSED', 'CARD_PAUSED');
    });
  });
});
