import { describe, expect, it } from '@jest/globals';
import Lithic, { APIError } from 'lithic';
import { errorBody, failure, raw, type ErrorBody } from './support/http.js';
import { randomIdempotencyKey, type TestAccount, testDatabase, useSandbox } from './support/sandbox.js';
import { expectMatchesSpec } from './support/spec.js';

type Card = Lithic.Card;
type Transaction = Lithic.Transaction;
type AuthorizeParams = Lithic.TransactionSimulateAuthorizationParams;
/** The sandbox's card-not-present extension (docs/semantics.md (deciding a charge)); the SDK sends unknown body fields as given. */
type AuthorizeWithCardDetails = AuthorizeParams & { cvv?: string; exp_month?: string; exp_year?: string };

/** A charge at a merchant, with the defaults every test uses. */
function charge(card: Card, amount: number, descriptor = 'SANDBOX MERCHANT'): AuthorizeParams {
  return { amount, descriptor, pan: card.pan! };
}

/** An authorization the sandbox must approve: 201 with a token, as the spec describes it. */
async function approve(
  client: Lithic,
  params: AuthorizeWithCardDetails,
  options: Lithic.RequestOptions = {},
): Promise<string> {
  const { data, response } = await client.transactions.simulateAuthorization(params, options).withResponse();
  expect(response.status).toBe(201);
  expectMatchesSpec(data, '/v1/simulate/authorize', 'post', 201);
  expect(data.token).toEqual(expect.any(String));
  return data.token!;
}

/**
 * An authorization the sandbox must decline: the SDK throws its 422, whose body carries the stored
 * transaction's token and the reason, and tells the SDK not to retry.
 */
async function decline(
  client: Lithic,
  params: AuthorizeWithCardDetails,
  options: Lithic.RequestOptions = {},
): Promise<{ token: string; message: string }> {
  const error = await failure(client.transactions.simulateAuthorization(params, options));
  expect(error).toBeInstanceOf(Lithic.UnprocessableEntityError);
  const body = errorBody(error);
  expectMatchesSpec(body, '/v1/simulate/authorize', 'post', 422);
  expect(body.token).toEqual(expect.any(String));
  expect(body.message).toEqual(expect.any(String));
  expect(body.message.length).toBeGreaterThan(0);
  expect((error as APIError).headers?.get('x-should-retry')).toBe('false');
  return { token: body.token!, message: body.message };
}

/** The stored transaction, validated against the spec's card_transaction. */
async function retrieve(client: Lithic, token: string): Promise<Transaction> {
  const transaction = await client.transactions.retrieve(token);
  expectMatchesSpec(transaction, '/v1/transactions/{transaction_token}', 'get');
  expect(transaction.token).toBe(token);
  return transaction;
}

/** The stored decline: DECLINED, its result, one event with its detailed result and the rule's words. */
async function expectDeclined(
  client: Lithic,
  token: string,
  result: Transaction['result'],
  detailedResult: string,
): Promise<Transaction> {
  const transaction = await retrieve(client, token);
  expect(transaction.status).toBe('DECLINED');
  expect(transaction.result).toBe(result);
  expect(transaction.events).toHaveLength(1);
  const [event] = transaction.events!;
  expect(event.result).toBe(result);
  expect(event.detailed_results).toEqual([detailedResult]);
  expect(event.rule_results).toHaveLength(1);
  expect(event.rule_results[0].result).toBe(detailedResult);
  expect(event.rule_results[0].explanation).toEqual(expect.any(String));
  expect(event.rule_results[0].explanation!.length).toBeGreaterThan(0);
  return transaction;
}

/** Every transaction the SDK's auto-pagination yields, each page validated against the spec. */
async function listAll(
  client: Lithic,
  params: Lithic.TransactionListParams = {},
): Promise<{ items: Transaction[]; pages: number }> {
  const items: Transaction[] = [];
  let pages = 0;
  for await (const page of (await client.transactions.list(params)).iterPages()) {
    expectMatchesSpec({ data: page.data, has_more: page.has_more }, '/v1/transactions', 'get');
    items.push(...page.data);
    pages += 1;
  }
  return { items, pages };
}

/** Newest first: by created, then by token, both descending. */
function expectNewestFirst(items: { created: string; token: string }[]): void {
  const sorted = [...items].sort((a, b) =>
    a.created === b.created ? (a.token < b.token ? 1 : -1) : a.created < b.created ? 1 : -1,
  );
  expect(items.map((t) => t.token)).toEqual(sorted.map((t) => t.token));
}

/**
 * The server's `created` follows the order the test made the transactions in (ties allowed: two in
 * one millisecond are ordered by token), so newest first is the reverse of that order.
 */
function expectCreatedInOrder(
  items: { created: string; token: string }[],
  tokensInCreationOrder: string[],
): void {
  const created = new Map(items.map((t) => [t.token, t.created]));
  const times = tokensInCreationOrder.map((token) => created.get(token)!);
  expect(times.every((time, i) => i === 0 || time >= times[i - 1])).toBe(true);
}

/** The card's spend limits, validated against the spec's CardSpendLimits. */
async function spendLimits(client: Lithic, cardToken: string): Promise<Lithic.CardSpendLimits> {
  const limits = await client.cards.retrieveSpendLimits(cardToken);
  expectMatchesSpec(limits, '/v1/cards/{card_token}/spend_limits', 'get');
  return limits;
}

/** A refused lifecycle message: a 4xx the SDK does not retry, whose message says why. */
async function expectRefused(
  path: 'clearing' | 'void' | 'return_reversal',
  promise: PromiseLike<unknown>,
  why: RegExp,
): Promise<ErrorBody> {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(APIError);
  expect([400, 409]).toContain((error as APIError).status);
  expect((error as APIError).headers?.get('x-should-retry')).toBe('false');
  const body = errorBody(error);
  // The spec lists no 409 for these paths; its 400 is the same error object.
  expectMatchesSpec(body, `/v1/simulate/${path}`, 'post', 400);
  expect(body.message).toMatch(why);
  return body;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UNKNOWN_TOKEN = '7d7a8a27-4a52-4b0e-9c31-3bbf8e4a9f10';

describe(`the authorizer through the official SDK on the ${testDatabase()} database`, () => {
  const sandbox = useSandbox();

  /** A fresh account with one card of the given kind. */
  async function accountWithCard(
    params: Partial<Lithic.CardCreateParams> = {},
  ): Promise<TestAccount & { card: Card }> {
    const account = await sandbox.newAccount();
    const card = await account.client.cards.create({ type: 'VIRTUAL', ...params });
    return { ...account, card };
  }

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

  describe('the transaction lifecycle', () => {
    it('settles a cleared authorization, adding a CLEARING event and moving updated', async () => {
      const { client, card } = await accountWithCard();
      const token = await approve(client, charge(card, 5000));
      const pending = await retrieve(client, token);
      const cleared = await client.transactions.simulateClearing({ token }).withResponse();
      expect(cleared.response.status).toBe(201);
      expectMatchesSpec(cleared.data, '/v1/simulate/clearing', 'post', 201);

      const settled = await retrieve(client, token);
      expect(settled).toMatchObject({
        status: 'SETTLED',
        result: 'APPROVED',
        amount: 5000,
        settled_amount: 5000,
      });
      expect(settled.amounts.hold.amount).toBe(0);
      expect(settled.events!.map((e) => e.type)).toEqual(['AUTHORIZATION', 'CLEARING']);
      expect(settled.events![1].amount).toBe(5000);
      expect(settled.created).toBe(pending.created);
      expect(settled.updated >= pending.updated).toBe(true);
      expect(settled.updated).toBe(settled.events![1].created);
    });

    it('clears a different amount than was held when the network says so', async () => {
      const { client, card } = await accountWithCard();
      const token = await approve(client, charge(card, 5000));
      await client.transactions.simulateClearing({ token, amount: 4200 });
      await expect(retrieve(client, token)).resolves.toMatchObject({
        status: 'SETTLED',
        amount: 4200,
        settled_amount: 4200,
      });
    });

    it('voids a whole authorization, leaving nothing held', async () => {
      const { client, card } = await accountWithCard();
      const token = await approve(client, charge(card, 5000));
      const voided = await client.transactions.simulateVoid({ token }).withResponse();
      expect(voided.response.status).toBe(201);
      expectMatchesSpec(voided.data, '/v1/simulate/void', 'post', 201);
      const transaction = await retrieve(client, token);
      expect(transaction.status).toBe('VOIDED');
      expect(transaction.amounts.hold.amount).toBe(0);
      expect(transaction.events!.map((e) => [e.type, e.amount])).toEqual([
        ['AUTHORIZATION', 5000],
        ['AUTHORIZATION_REVERSAL', 5000],
      ]);
    });

    it('leaves the rest of a partly voided authorization pending, then settles the rest', async () => {
      const { client, card } = await accountWithCard();
      const token = await approve(client, charge(card, 5000));
      await client.transactions.simulateVoid({ token, amount: 2000, type: 'AUTHORIZATION_REVERSAL' });
      const partly = await retrieve(client, token);
      expect(partly).toMatchObject({ status: 'PENDING', amount: 3000 });
      expect(partly.amounts.hold).toEqual({ amount: 3000, currency: 'USD' });
      expect(partly.events!.map((e) => [e.type, e.amount])).toEqual([
        ['AUTHORIZATION', 5000],
        ['AUTHORIZATION_REVERSAL', 2000],
      ]);
      await client.transactions.simulateClearing({ token });
      await expect(retrieve(client, token)).resolves.toMatchObject({
        status: 'SETTLED',
        settled_amount: 3000,
      });
    });

    it('refuses to void more than is held', async () => {
      const { client, card } = await accountWithCard();
      const token = await approve(client, charge(card, 5000));
      const error = await failure(client.transactions.simulateVoid({ token, amount: 5001 }));
      expect(error).toBeInstanceOf(Lithic.BadRequestError);
      expectMatchesSpec(errorBody(error), '/v1/simulate/void', 'post', 400);
      expect(errorBody(error).message).toMatch(/\bamount\b/);
      await expect(retrieve(client, token)).resolves.toMatchObject({ status: 'PENDING', amount: 5000 });
    });

    it('expires a whole authorization on an AUTHORIZATION_EXPIRY void', async () => {
      const { client, card } = await accountWithCard();
      const token = await approve(client, charge(card, 5000));
      await client.transactions.simulateVoid({ token, type: 'AUTHORIZATION_EXPIRY' });
      const expired = await retrieve(client, token);
      expect(expired.status).toBe('EXPIRED');
      expect(expired.amounts.hold.amount).toBe(0);
      expect(expired.events!.map((e) => e.type)).toEqual(['AUTHORIZATION', 'AUTHORIZATION_EXPIRY']);
    });

    it('refuses to clear a DECLINED or VOIDED transaction and to void a SETTLED one, saying why', async () => {
      const { client, card } = await accountWithCard({
        spend_limit: 1000,
        spend_limit_duration: 'TRANSACTION',
      });
      const { token: declined } = await decline(client, charge(card, 5000));
      await expectRefused('clearing', client.transactions.simulateClearing({ token: declined }), /DECLINED/);

      const voided = await approve(client, charge(card, 500));
      await client.transactions.simulateVoid({ token: voided });
      await expectRefused('clearing', client.transactions.simulateClearing({ token: voided }), /VOIDED/);
      await expectRefused('void', client.transactions.simulateVoid({ token: voided }), /VOIDED/);

      const settled = await approve(client, charge(card, 500));
      await client.transactions.simulateClearing({ token: settled });
      await expectRefused('void', client.transactions.simulateVoid({ token: settled }), /SETTLED/);
      await expectRefused('clearing', client.transactions.simulateClearing({ token: settled }), /SETTLED/);

      await expectDeclined(client, declined, 'USER_TRANSACTION_LIMIT', 'CARD_SPEND_LIMIT_EXCEEDED');
      await expect(retrieve(client, voided)).resolves.toMatchObject({ status: 'VOIDED' });
      await expect(retrieve(client, settled)).resolves.toMatchObject({
        status: 'SETTLED',
        settled_amount: 500,
      });
    });

    it('replaces the pending amount on an authorization advice', async () => {
      const { client, card } = await accountWithCard();
      const token = await approve(client, charge(card, 5000));
      const advice = await client.transactions
        .simulateAuthorizationAdvice({ token, amount: 7250 })
        .withResponse();
      expect(advice.response.status).toBe(201);
      expectMatchesSpec(advice.data, '/v1/simulate/authorization_advice', 'post', 201);
      expect(advice.data.token).toBe(token);

      const transaction = await retrieve(client, token);
      expect(transaction).toMatchObject({ status: 'PENDING', amount: 7250 });
      expect(transaction.amounts.hold.amount).toBe(7250);
      expect(transaction.events!.map((e) => [e.type, e.amount])).toEqual([
        ['AUTHORIZATION', 5000],
        ['AUTHORIZATION_ADVICE', 7250],
      ]);
      await client.transactions.simulateClearing({ token });
      await expect(retrieve(client, token)).resolves.toMatchObject({
        status: 'SETTLED',
        settled_amount: 7250,
      });
    });

    it('settles a FINANCIAL_AUTHORIZATION at once, with nothing left to clear', async () => {
      const { client, card } = await accountWithCard();
      const token = await approve(client, { ...charge(card, 3300), status: 'FINANCIAL_AUTHORIZATION' });
      const transaction = await retrieve(client, token);
      expect(transaction).toMatchObject({
        status: 'SETTLED',
        result: 'APPROVED',
        amount: 3300,
        settled_amount: 3300,
      });
      expect(transaction.amounts.hold.amount).toBe(0);
      expect(transaction.events!.map((e) => e.type)).toEqual(['FINANCIAL_AUTHORIZATION']);
      await expectRefused('clearing', client.transactions.simulateClearing({ token }), /SETTLED/);
    });

    it('holds a CREDIT_AUTHORIZATION as a negative pending amount', async () => {
      const { client, card } = await accountWithCard();
      const token = await approve(client, { ...charge(card, 2500), status: 'CREDIT_AUTHORIZATION' });
      const transaction = await retrieve(client, token);
      expect(transaction).toMatchObject({ status: 'PENDING', result: 'APPROVED', amount: -2500 });
      expect(transaction.amounts.hold.amount).toBe(-2500);
      expect(transaction.events![0]).toMatchObject({
        type: 'CREDIT_AUTHORIZATION',
        amount: -2500,
        effective_polarity: 'CREDIT',
      });
    });

    it('posts a credit authorization advice as a new pending credit', async () => {
      const { client, card } = await accountWithCard();
      const advice = await client.transactions
        .simulateCreditAuthorizationAdvice({ amount: 1800, descriptor: 'REFUND SHOP', pan: card.pan! })
        .withResponse();
      expect(advice.response.status).toBe(201);
      expectMatchesSpec(advice.data, '/v1/simulate/credit_authorization_advice', 'post', 201);
      const transaction = await retrieve(client, advice.data.token!);
      expect(transaction).toMatchObject({ status: 'PENDING', result: 'APPROVED', amount: -1800 });
      expect(transaction.events!.map((e) => [e.type, e.effective_polarity])).toEqual([
        ['CREDIT_AUTHORIZATION_ADVICE', 'CREDIT'],
      ]);
    });

    it('reverses a return once and refuses a second reversal', async () => {
      const { client, card } = await accountWithCard();
      const { token } = await client.transactions.simulateReturn({
        amount: 1500,
        descriptor: 'REFUND SHOP',
        pan: card.pan!,
      });
      await expect(retrieve(client, token!)).resolves.toMatchObject({ status: 'SETTLED', amount: -1500 });
      const reversal = await client.transactions.simulateReturnReversal({ token: token! }).withResponse();
      expect(reversal.response.status).toBe(201);
      expectMatchesSpec(reversal.data, '/v1/simulate/return_reversal', 'post', 201);
      const reversed = await retrieve(client, token!);
      expect(reversed.events!.map((e) => [e.type, e.amount])).toEqual([
        ['RETURN', -1500],
        ['RETURN_REVERSAL', -1500],
      ]);
      await expectRefused(
        'return_reversal',
        client.transactions.simulateReturnReversal({ token: token! }),
        /revers/,
      );
      await expect(retrieve(client, token!)).resolves.toMatchObject({ events: expect.any(Array) });
      expect((await retrieve(client, token!)).events).toHaveLength(2);
    });

    it('refuses to reverse a debit', async () => {
      const { client, card } = await accountWithCard();
      const token = await approve(client, { ...charge(card, 900), status: 'FINANCIAL_AUTHORIZATION' });
      await expectRefused('return_reversal', client.transactions.simulateReturnReversal({ token }), /credit/);
    });

    it('answers 404 for an unknown transaction token, on reads and on every lifecycle message', async () => {
      const { client } = await accountWithCard();
      // Each call's failure is caught as soon as it starts: a rejection left waiting for a later
      // await would be reported as unhandled.
      const errors = await Promise.all(
        [
          client.transactions.retrieve(UNKNOWN_TOKEN),
          client.transactions.simulateClearing({ token: UNKNOWN_TOKEN }),
          client.transactions.simulateVoid({ token: UNKNOWN_TOKEN }),
          client.transactions.simulateAuthorizationAdvice({ token: UNKNOWN_TOKEN, amount: 100 }),
          client.transactions.simulateReturnReversal({ token: UNKNOWN_TOKEN }),
        ].map((call) => failure(call)),
      );
      for (const error of errors) {
        expect(error).toBeInstanceOf(Lithic.NotFoundError);
        expectMatchesSpec(errorBody(error), '/v1/transactions/{transaction_token}', 'get', 404);
        expect(errorBody(error).message).toContain(UNKNOWN_TOKEN);
      }
    });
  });

  describe('listing', () => {
    /** Twelve transactions on one card (approved, declined, settled, voided) and two on another. */
    async function busyAccount() {
      const account = await accountWithCard({ spend_limit: 5000, spend_limit_duration: 'TRANSACTION' });
      const { client, card } = account;
      const other = await client.cards.create({ type: 'VIRTUAL' });
      const tokens: string[] = [];
      for (let i = 0; i < 12; i++) {
        if (i % 4 === 3) {
          tokens.push((await decline(client, charge(card, 6000 + i))).token);
          continue;
        }
        const token = await approve(client, charge(card, 100 + i, `SHOP ${i}`));
        if (i % 4 === 1) await client.transactions.simulateClearing({ token });
        if (i % 4 === 2) await client.transactions.simulateVoid({ token });
        tokens.push(token);
      }
      const otherTokens = [await approve(client, charge(other, 1)), await approve(client, charge(other, 2))];
      return { ...account, tokens, otherTokens, other };
    }

    it("lists exactly one card's transactions, newest first", async () => {
      const { client, card, tokens } = await busyAccount();
      const page = await client.transactions.list({ card_token: card.token });
      expectMatchesSpec({ data: page.data, has_more: page.has_more }, '/v1/transactions', 'get');
      expect(page.has_more).toBe(false);
      expect(page.data.map((t) => t.token).sort()).toEqual([...tokens].sort());
      expect(page.data.every((t) => t.card_token === card.token)).toBe(true);
      expectNewestFirst(page.data);
      expectCreatedInOrder(page.data, tokens);
    });

    it('auto-paginates five at a time, visiting each transaction once, and stops', async () => {
      const { client, card, tokens } = await busyAccount();
      const { items, pages } = await listAll(client, { card_token: card.token, page_size: 5 });
      expect(pages).toBe(3);
      expect(items).toHaveLength(12);
      expect(new Set(items.map((t) => t.token)).size).toBe(12);
      expect(items.map((t) => t.token).sort()).toEqual([...tokens].sort());
      expectNewestFirst(items);
      expectCreatedInOrder(items, tokens);

      const seen: string[] = [];
      for await (const transaction of client.transactions.list({ card_token: card.token, page_size: 5 })) {
        seen.push(transaction.token);
      }
      expect(seen).toEqual(items.map((t) => t.token));
    });

    it('lists the whole account, both cards, when no card is given', async () => {
      const { client, tokens, otherTokens } = await busyAccount();
      const { items } = await listAll(client, { page_size: 4 });
      expect(items.map((t) => t.token).sort()).toEqual([...tokens, ...otherTokens].sort());
      expectNewestFirst(items);
    });

    it('filters by result and by status', async () => {
      const { client, card, tokens } = await busyAccount();
      const { items: all } = await listAll(client, { card_token: card.token });
      /** What a filter must answer: the tokens at those indexes, in the unfiltered list's order. */
      const expected = (...indexes: number[]) =>
        all.map((t) => t.token).filter((token) => indexes.some((i) => tokens[i] === token));

      const declined = await listAll(client, { card_token: card.token, result: 'DECLINED' });
      expect(declined.items.map((t) => t.token)).toEqual(expected(3, 7, 11));
      expect(declined.items.every((t) => t.status === 'DECLINED' && t.result !== 'APPROVED')).toBe(true);

      const approved = await listAll(client, { card_token: card.token, result: 'APPROVED' });
      expect(approved.items).toHaveLength(9);
      expect(approved.items.every((t) => t.result === 'APPROVED')).toBe(true);

      const settled = await listAll(client, { card_token: card.token, status: 'SETTLED' });
      expect(settled.items.map((t) => t.token)).toEqual(expected(1, 5, 9));
      expect(settled.items.every((t) => t.status === 'SETTLED')).toBe(true);

      const voided = await listAll(client, { status: 'VOIDED' });
      expect(voided.items.map((t) => t.token)).toEqual(expected(2, 6, 10));
    });

    it('pages backwards with ending_before and windows by begin and end', async () => {
      const { client, card } = await busyAccount();
      const { items: all } = await listAll(client, { card_token: card.token });
      const tokens = all.map((t) => t.token);
      const oldest = all[all.length - 1];

      const newer = await client.transactions.list({ card_token: card.token, ending_before: oldest.token });
      expectMatchesSpec({ data: newer.data, has_more: newer.has_more }, '/v1/transactions', 'get');
      expect(newer.data.map((t) => t.token)).toEqual(tokens.slice(0, -1));
      const older = await client.transactions.list({ card_token: card.token, starting_after: tokens[5] });
      expect(older.data.map((t) => t.token)).toEqual(tokens.slice(6));

      const after = new Date(Date.parse(all[0].created) + 1).toISOString();
      await expect(listAll(client, { card_token: card.token, begin: after })).resolves.toMatchObject({
        items: [],
      });
      const before = await listAll(client, { card_token: card.token, end: oldest.created });
      expect(before.items).toEqual([]);
      const since = await listAll(client, { card_token: card.token, begin: all[3].created });
      expect(since.items.map((t) => t.token)).toEqual(
        all.filter((t) => t.created >= all[3].created).map((t) => t.token),
      );
      expect(since.items.map((t) => t.token)).toEqual(expect.arrayContaining(tokens.slice(0, 4)));
    });

    it("hides an account's transactions from another account", async () => {
      const { client, card, tokens } = await busyAccount();
      const stranger = await sandbox.newAccount();
      const error = await failure(stranger.client.transactions.retrieve(tokens[0]));
      expect(error).toBeInstanceOf(Lithic.NotFoundError);
      await expect(listAll(stranger.client)).resolves.toEqual({ items: [], pages: 1 });
      await expect(listAll(stranger.client, { card_token: card.token })).resolves.toMatchObject({
        items: [],
      });
      const byAccount = await listAll(stranger.client, { account_token: card.account_token });
      expect(byAccount.items).toEqual([]);
      const own = await listAll(client, { account_token: card.account_token });
      expect(own.items.map((t) => t.token)).toEqual(expect.arrayContaining(tokens));
      const clearing = await failure(stranger.client.transactions.simulateClearing({ token: tokens[0] }));
      expect(clearing).toBeInstanceOf(Lithic.NotFoundError);
      await expect(retrieve(client, tokens[0])).resolves.toMatchObject({ status: 'PENDING' });
    });
  });

  describe('Idempotency-Key', () => {
    it('replays an approval with the same token and creates no second transaction', async () => {
      const { client, card } = await accountWithCard();
      const key = randomIdempotencyKey();
      const params = charge(card, 4200);
      const first = await approve(client, params, { headers: { 'Idempotency-Key': key } });
      const replay = await client.transactions
        .simulateAuthorization(params, { headers: { 'Idempotency-Key': key } })
        .withResponse();
      expect(replay.response.status).toBe(201);
      expect(replay.data.token).toBe(first);
      const { items } = await listAll(client, { card_token: card.token });
      expect(items.map((t) => t.token)).toEqual([first]);
    });

    it('replays a decline as the same 422 with the same token and creates no second transaction', async () => {
      const { client, card } = await accountWithCard({ state: 'PAUSED' });
      const key = randomIdempotencyKey();
      const params = charge(card, 4200);
      const first = await decline(client, params, { headers: { 'Idempotency-Key': key } });
      await client.cards.update(card.token, { state: 'OPEN' }); // a fresh decision would now approve
      const replay = await decline(client, params, { headers: { 'Idempotency-Key': key } });
      expect(replay).toEqual(first);
      const { items } = await listAll(client, { card_token: card.token });
      expect(items.map((t) => t.token)).toEqual([first.token]);
    });

    it('replays a clearing instead of refusing it as already settled', async () => {
      const { client, card } = await accountWithCard();
      const token = await approve(client, charge(card, 800));
      const key = randomIdempotencyKey();
      const first = await client.transactions
        .simulateClearing({ token }, { headers: { 'Idempotency-Key': key } })
        .withResponse();
      const replay = await client.transactions
        .simulateClearing({ token }, { headers: { 'Idempotency-Key': key } })
        .withResponse();
      expect([first.response.status, replay.response.status]).toEqual([201, 201]);
      expect(replay.data).toEqual(first.data);
      const settled = await retrieve(client, token);
      expect(settled.events!.map((e) => e.type)).toEqual(['AUTHORIZATION', 'CLEARING']);
    });

    it('frees a key whose request failed: the same request fails again, a corrected one runs once', async () => {
      const { client, card } = await accountWithCard();
      const key = randomIdempotencyKey();
      const headers = { 'Idempotency-Key': key };
      const wrong = { ...charge(card, 300), pan: '4111111111111111' };
      for (let attempt = 0; attempt < 2; attempt++) {
        const error = await failure(client.transactions.simulateAuthorization(wrong, { headers }));
        expect(error).toBeInstanceOf(Lithic.BadRequestError);
      }
      const first = await approve(client, charge(card, 300), { headers });
      await expect(approve(client, charge(card, 300), { headers })).resolves.toBe(first);
      const { items } = await listAll(client, { card_token: card.token });
      expect(items.map((t) => t.token)).toEqual([first]);
    });

    it('refuses the same key with another body with a 409 and creates nothing', async () => {
      const { client, card } = await accountWithCard();
      const key = randomIdempotencyKey();
      const first = await approve(client, charge(card, 100), { headers: { 'Idempotency-Key': key } });
      const error = await failure(
        client.transactions.simulateAuthorization(charge(card, 200), { headers: { 'Idempotency-Key': key } }),
      );
      expect(error).toBeInstanceOf(Lithic.ConflictError);
      expect((error as APIError).headers?.get('x-should-retry')).toBe('false');
      const { items } = await listAll(client, { card_token: card.token });
      expect(items.map((t) => t.token)).toEqual([first]);
    });
  });

  describe('bad input', () => {
    const PAN = '{pan}';
    const cases: { name: string; path: string; body: unknown; field: RegExp }[] = [
      {
        name: 'a missing amount',
        path: 'authorize',
        body: { descriptor: 'SHOP', pan: PAN },
        field: /\bamount\b/,
      },
      {
        name: 'a missing descriptor',
        path: 'authorize',
        body: { amount: 1, pan: PAN },
        field: /\bdescriptor\b/,
      },
      { name: 'a missing pan', path: 'authorize', body: { amount: 1, descriptor: 'SHOP' }, field: /\bpan\b/ },
      {
        name: 'a 15-digit pan',
        path: 'authorize',
        body: { amount: 1, descriptor: 'SHOP', pan: '411111111111111' },
        field: /\bpan\b/,
      },
      {
        name: 'a negative amount',
        path: 'authorize',
        body: { amount: -1, descriptor: 'SHOP', pan: PAN },
        field: /\bamount\b/,
      },
      {
        name: 'an amount of 2000000001',
        path: 'authorize',
        body: { amount: 2_000_000_001, descriptor: 'SHOP', pan: PAN },
        field: /\bamount\b/,
      },
      {
        name: 'a fractional amount',
        path: 'authorize',
        body: { amount: 10.5, descriptor: 'SHOP', pan: PAN },
        field: /\bamount\b/,
      },
      {
        name: 'an amount given as a string',
        path: 'authorize',
        body: { amount: '100', descriptor: 'SHOP', pan: PAN },
        field: /\bamount\b/,
      },
      {
        name: 'a 26-character descriptor',
        path: 'authorize',
        body: { amount: 1, descriptor: 'D'.repeat(26), pan: PAN },
        field: /\bdescriptor\b/,
      },
      {
        name: 'an unknown status',
        path: 'authorize',
        body: { amount: 1, descriptor: 'SHOP', pan: PAN, status: 'PURCHASE' },
        field: /\bstatus\b/,
      },
      {
        name: 'an unknown field',
        path: 'authorize',
        body: { amount: 1, descriptor: 'SHOP', pan: PAN, colour: 'blue' },
        field: /\bcolour\b/,
      },
      {
        name: 'a malformed CVV',
        path: 'authorize',
        body: { amount: 1, descriptor: 'SHOP', pan: PAN, cvv: '12a' },
        field: /\bcvv\b/,
      },
      {
        name: 'a BALANCE_INQUIRY with a non-zero amount',
        path: 'authorize',
        body: { amount: 100, descriptor: 'SHOP', pan: PAN, status: 'BALANCE_INQUIRY' },
        field: /\bamount\b/,
      },
      {
        name: 'malformed JSON',
        path: 'authorize',
        body: '{"amount": 1, "descriptor": ',
        field: /\bbody\b|JSON/i,
      },
      {
        name: 'a void with an unknown type',
        path: 'void',
        body: { token: '{txn}', type: 'CANCEL' },
        field: /\btype\b/,
      },
      {
        name: 'a clearing whose token is not a UUID',
        path: 'clearing',
        body: { token: 'abc' },
        field: /\btoken\b/,
      },
      {
        name: 'a void whose token is not a UUID',
        path: 'void',
        body: { token: '12345' },
        field: /\btoken\b/,
      },
      {
        name: 'an authorization advice without an amount',
        path: 'authorization_advice',
        body: { token: '{txn}' },
        field: /\bamount\b/,
      },
      {
        name: 'a return with a 15-digit pan',
        path: 'return',
        body: { amount: 1, descriptor: 'SHOP', pan: '411111111111111' },
        field: /\bpan\b/,
      },
      {
        name: 'a return reversal whose token is not a UUID',
        path: 'return_reversal',
        body: { token: 'not-a-token' },
        field: /\btoken\b/,
      },
    ];

    it.each(cases)(
      'refuses $name on /v1/simulate/$path with a 400 naming the field',
      async ({ path, body, field }) => {
        const { client, apiKey, card } = await accountWithCard();
        const existing = await approve(client, charge(card, 100));
        const filled =
          typeof body === 'string'
            ? body
            : JSON.parse(JSON.stringify(body).replace('{pan}', card.pan!).replace('{txn}', existing));
        const response = await raw(sandbox.url, `/v1/simulate/${path}`, {
          method: 'POST',
          apiKey,
          body: filled,
        });
        expect(response.status).toBe(400);
        expect(response.headers.get('x-should-retry')).toBe('false');
        expectMatchesSpec(response.body, `/v1/simulate/${path}`, 'post', 400);
        expect((response.body as ErrorBody).message).toMatch(field);
        expect(response.text).not.toContain(card.pan!);
        const { items } = await listAll(client);
        expect(items.map((t) => t.token)).toEqual([existing]);
        await expect(retrieve(client, existing)).resolves.toMatchObject({ status: 'PENDING', amount: 100 });
      },
    );

    it('refuses a transaction token that is not a UUID on GET /v1/transactions/{token} with a 400', async () => {
      const { apiKey } = await sandbox.newAccount();
      const response = await raw(sandbox.url, '/v1/transactions/not-a-uuid', { apiKey });
      expect(response.status).toBe(400);
      expectMatchesSpec(response.body, '/v1/transactions/{transaction_token}', 'get', 400);
      expect((response.body as ErrorBody).message).toMatch(/\btransaction_token\b/);
    });

    it.each([
      ['status', 'status=FROZEN', /\bstatus\b/],
      ['result', 'result=MAYBE', /\bresult\b/],
      ['card_token', 'card_token=abc', /\bcard_token\b/],
      ['page_size', 'page_size=0', /\bpage_size\b/],
    ])('refuses a bad %s filter on GET /v1/transactions with a 400', async (_name, query, field) => {
      const { apiKey } = await sandbox.newAccount();
      const response = await raw(sandbox.url, `/v1/transactions?${query}`, { apiKey });
      expect(response.status).toBe(400);
      expectMatchesSpec(response.body, '/v1/transactions', 'get', 400);
      expect((response.body as ErrorBody).message).toMatch(field);
    });

    it('refuses an authorization without a key with a 401 and creates nothing', async () => {
      const { client, card } = await accountWithCard();
      const response = await raw(sandbox.url, '/v1/simulate/authorize', {
        method: 'POST',
        body: charge(card, 100),
      });
      expect(response.status).toBe(401);
      const { items } = await listAll(client);
      expect(items).toEqual([]);
    });
  });
});
