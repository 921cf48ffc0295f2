import { describe, expect, it } from '@jest/globals';
import Lithic from 'lithic';
import { errorBody, failure, raw } from './support/http.js';
import { accountsWithCards, UNKNOWN_TOKEN } from './support/authorizer.js';
import { testDatabase, useSandbox, type TestAccount } from './support/sandbox.js';
import { expectMatchesSpec } from './support/spec.js';

type Card = Lithic.Card;
type FinancialAccount = Lithic.FinancialAccount;
type FinancialTransaction = Lithic.FinancialAccounts.FinancialTransaction;
type FinancialAccountBalance = Lithic.FinancialAccounts.FinancialAccountBalance;
type Amounts = { available: number; pending: number; total: number };
/** The sandbox's `page_size` on financial transaction lists; the SDK sends unknown query fields as given. */
type PagedListParams = Lithic.FinancialAccounts.FinancialTransactionListParams & { page_size?: number };

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

const amountsOf = (b: {
  available_amount: number;
  pending_amount: number;
  total_amount: number;
}): Amounts => ({
  available: b.available_amount,
  pending: b.pending_amount,
  total: b.total_amount,
});

/** An approved charge's token. */
async function approve(client: Lithic, card: Card, amount: number, descriptor = 'SHOP'): Promise<string> {
  const { token } = await client.transactions.simulateAuthorization({ amount, descriptor, pan: card.pan! });
  return token!;
}

/** The ISSUING and RESERVE financial accounts, each validated against the spec. */
async function financialAccounts(
  client: Lithic,
  params: Lithic.FinancialAccountListParams = {},
): Promise<FinancialAccount[]> {
  const page = await client.financialAccounts.list(params);
  expectMatchesSpec({ data: page.data, has_more: page.has_more }, '/v1/financial_accounts', 'get');
  return page.data;
}

async function issuingOf(client: Lithic): Promise<FinancialAccount> {
  const [issuing] = await financialAccounts(client, { type: 'ISSUING' });
  return issuing;
}

/** `GET /v1/financial_accounts/{token}/balances`: one balance, validated. */
async function financialAccountBalance(
  client: Lithic,
  token: string,
  params: Lithic.FinancialAccounts.BalanceListParams = {},
): Promise<FinancialAccountBalance> {
  const page = await client.financialAccounts.balances.list(token, params);
  expectMatchesSpec(
    { data: page.data, has_more: page.has_more },
    '/v1/financial_accounts/{financial_account_token}/balances',
    'get',
  );
  expect(page.data).toHaveLength(1);
  return page.data[0];
}

/** `GET /v1/cards/{token}/balances`: one balance, validated. */
async function cardBalance(client: Lithic, cardToken: string): Promise<FinancialAccountBalance> {
  const page = await client.cards.balances.list(cardToken);
  expectMatchesSpec({ data: page.data, has_more: page.has_more }, '/v1/cards/{card_token}/balances', 'get');
  expect(page.data).toHaveLength(1);
  return page.data[0];
}

/** `GET /v1/balances`, validated. */
async function balances(client: Lithic, params: Lithic.BalanceListParams = {}): Promise<Lithic.Balance[]> {
  const page = await client.balances.list(params);
  expectMatchesSpec({ data: page.data, has_more: page.has_more }, '/v1/balances', 'get');
  return page.data;
}

/** One page of a financial account's financial transactions, validated. */
async function financialTransactionPage(client: Lithic, token: string, params: PagedListParams = {}) {
  const page = await client.financialAccounts.financialTransactions.list(token, params);
  const body = { data: page.data, has_more: page.has_more };
  expectMatchesSpec(body, '/v1/financial_accounts/{financial_account_token}/financial_transactions', 'get');
  return body;
}

/**
 * What the account's own transactions (through the transactions API) add up to: settled debits
 * (positive on the wire) and credits (negative) make the total, debit holds the pending amount.
 */
async function sumOfTransactions(client: Lithic): Promise<Amounts> {
  let total = 0;
  let pending = 0;
  for await (const t of client.transactions.list()) {
    total -= t.settled_amount;
    pending += Math.max(t.amounts.hold.amount, 0);
  }
  return { available: total - pending, pending, total };
}

describe(`balances and financial accounts through the official SDK on the ${testDatabase()} database`, () => {
  const sandbox = useSandbox();
  const withCard = accountsWithCards(sandbox);

  /** The three views of the one ISSUING balance agree; with one card, its card balance is the same. */
  async function expectBalance(account: TestAccount & { card: Card }, expected: Amounts): Promise<void> {
    const issuing = await issuingOf(account.client);
    const [listed] = await balances(account.client, { financial_account_type: 'ISSUING' });
    const direct = await financialAccountBalance(account.client, issuing.token);
    const ofCard = await cardBalance(account.client, account.card.token);
    expect({
      listed: amountsOf(listed),
      direct: amountsOf(direct),
      ofCard: amountsOf(ofCard),
      transactions: await sumOfTransactions(account.client),
    }).toEqual({ listed: expected, direct: expected, ofCard: expected, transactions: expected });
    expect(listed.financial_account_token).toBe(issuing.token);
    expect(direct.token).toBe(issuing.token);
  }

  describe('financial accounts', () => {
    it('gives every account one ISSUING and one RESERVE, stable, open, and retrievable', async () => {
      const { client, accountToken } = await sandbox.newAccount();
      const listed = await financialAccounts(client);
      expect(listed.map((fa) => fa.type).sort()).toEqual(['ISSUING', 'RESERVE']);
      expect(new Set(listed.map((fa) => fa.token)).size).toBe(2);
      for (const fa of listed) {
        expect(fa).toMatchObject({ account_token: accountToken, status: 'OPEN', credit_configuration: null });
        const retrieved = await client.financialAccounts.retrieve(fa.token);
        expectMatchesSpec(retrieved, '/v1/financial_accounts/{financial_account_token}', 'get');
        expect(retrieved).toEqual(fa);
      }
      expect((await financialAccounts(client)).map((fa) => fa.token)).toEqual(listed.map((fa) => fa.token));
      const other = await sandbox.newAccount();
      const others = await financialAccounts(other.client);
      expect(others.map((fa) => fa.token)).not.toContain(listed[0].token);
    });

    it.each<[string, Lithic.FinancialAccountListParams, string[]]>([
      ['type ISSUING', { type: 'ISSUING' }, ['ISSUING']],
      ['type RESERVE', { type: 'RESERVE' }, ['RESERVE']],
      ['type OPERATING', { type: 'OPERATING' }, []],
      ['another account_token', { account_token: UNKNOWN_TOKEN }, []],
      ['a business_account_token', { business_account_token: UNKNOWN_TOKEN }, []],
    ])('filters by %s', async (_name, params, types) => {
      const { client, accountToken } = await sandbox.newAccount();
      expect((await financialAccounts(client, params)).map((fa) => fa.type)).toEqual(types);
      expect((await financialAccounts(client, { account_token: accountToken })).length).toBe(2);
    });

    it("answers 404 for an unknown token and for another account's financial account", async () => {
      const { client } = await sandbox.newAccount();
      const stranger = await sandbox.newAccount();
      const theirs = await issuingOf(stranger.client);
      for (const token of [UNKNOWN_TOKEN, theirs.token]) {
        const error = await failure(client.financialAccounts.retrieve(token));
        expect(error).toBeInstanceOf(Lithic.NotFoundError);
        await expect(failure(client.financialAccounts.balances.list(token))).resolves.toBeInstanceOf(
          Lithic.NotFoundError,
        );
        await expect(
          failure(client.financialAccounts.financialTransactions.list(token)),
        ).resolves.toBeInstanceOf(Lithic.NotFoundError);
      }
    });

    it('follows its account: a paused account has SUSPENDED financial accounts', async () => {
      const { client, accountToken } = await sandbox.newAccount();
      await client.accounts.update(accountToken, { state: 'PAUSED' });
      expect((await financialAccounts(client)).map((fa) => fa.status)).toEqual(['SUSPENDED', 'SUSPENDED']);
    });
  });

  describe('balances', () => {
    it('start at zero with no last transaction', async () => {
      const { client } = await sandbox.newAccount();
      const listed = await balances(client);
      expect(listed.map((b) => b.financial_account_type).sort()).toEqual(['ISSUING', 'RESERVE']);
      for (const b of listed) {
        expect(amountsOf(b)).toEqual({ available: 0, pending: 0, total: 0 });
        expect(b).toMatchObject({
          currency: 'USD',
          last_transaction_token: null,
          last_transaction_event_token: null,
        });
      }
      const direct = await financialAccountBalance(client, (await issuingOf(client)).token);
      expect(direct).toMatchObject({
        last_transaction_token: NIL_UUID,
        last_transaction_event_token: NIL_UUID,
      });
    });

    it('equal the sum of the account’s own transactions after authorize, partial clearing, void and return', async () => {
      const account = await withCard({ spend_limit: 50_000, spend_limit_duration: 'TRANSACTION' });
      const { client, card } = account;
      const a = await approve(client, card, 10_000);
      await expectBalance(account, { available: -10_000, pending: 10_000, total: 0 });
      const b = await approve(client, card, 2_500);
      const c = await approve(client, card, 4_000);
      await expectBalance(account, { available: -16_500, pending: 16_500, total: 0 });
      await client.transactions.simulateClearing({ token: a, amount: 6_000 });
      await expectBalance(account, { available: -12_500, pending: 6_500, total: -6_000 });
      await client.transactions.simulateVoid({ token: b });
      await client.transactions.simulateVoid({ token: c, amount: 1_000 });
      await expectBalance(account, { available: -9_000, pending: 3_000, total: -6_000 });
      const declined = await failure(
        client.transactions.simulateAuthorization({ amount: 60_000, descriptor: 'BIG', pan: card.pan! }),
      );
      expect(declined).toBeInstanceOf(Lithic.UnprocessableEntityError);
      await expectBalance(account, { available: -9_000, pending: 3_000, total: -6_000 });
      const { token: returned } = await client.transactions.simulateReturn({
        amount: 1_500,
        descriptor: 'REFUND',
        pan: card.pan!,
      });
      await expectBalance(account, { available: -7_500, pending: 3_000, total: -4_500 });

      const issuing = await issuingOf(client);
      const [listed] = await balances(client, { financial_account_type: 'ISSUING' });
      const returnEvent = (await client.transactions.retrieve(returned!)).events![0];
      expect(listed).toMatchObject({
        last_transaction_token: returned,
        last_transaction_event_token: returnEvent.token,
      });
      const { data } = await financialTransactionPage(client, issuing.token);
      const byToken = new Map(data.map((ft) => [ft.token, ft]));
      expect(data).toHaveLength(5);
      expect(data.reduce((sum, ft) => sum - ft.settled_amount, 0)).toBe(-4_500);
      expect(byToken.get(a)).toMatchObject({
        status: 'SETTLED',
        result: 'APPROVED',
        pending_amount: 0,
        settled_amount: 6_000,
      });
      expect(byToken.get(a)!.events.map((e) => [e.type, e.amount])).toEqual([
        ['AUTHORIZATION', 10_000],
        ['CLEARING', 6_000],
      ]);
      expect(byToken.get(b)).toMatchObject({ status: 'VOIDED', pending_amount: 0, settled_amount: 0 });
      expect(byToken.get(c)).toMatchObject({ status: 'PENDING', pending_amount: 3_000 });
      expect(byToken.get(returned!)).toMatchObject({
        status: 'SETTLED',
        settled_amount: -1_500,
        category: 'CARD',
      });
      expect(data.filter((ft) => ft.status === 'DECLINED')).toEqual([
        expect.objectContaining({ result: 'DECLINED', pending_amount: 0, settled_amount: 0 }),
      ]);
      const [reserve] = await balances(client, { financial_account_type: 'RESERVE' });
      expect(amountsOf(reserve)).toEqual({ available: 0, pending: 0, total: 0 });
    });

    it('release an expired hold, whether expired by message or by the sandbox clock', async () => {
      const account = await withCard();
      const { client, card, apiKey } = account;
      const byMessage = await approve(client, card, 700);
      await client.transactions.simulateVoid({ token: byMessage, type: 'AUTHORIZATION_EXPIRY' });
      const byClock = await approve(client, card, 300);
      await expectBalance(account, { available: -300, pending: 300, total: 0 });
      const advanced = await raw(sandbox.url, '/sandbox/clock/advance', {
        method: 'POST',
        apiKey,
        body: { duration: 'P30D' },
      });
      expect(advanced.status).toBe(200);
      await expectBalance(account, { available: 0, pending: 0, total: 0 });
      const issuing = await issuingOf(client);
      for (const token of [byMessage, byClock]) {
        const ft = await client.financialAccounts.financialTransactions.retrieve(token, {
          financial_account_token: issuing.token,
        });
        expect(ft).toMatchObject({ status: 'EXPIRED', pending_amount: 0, settled_amount: 0 });
        expect(ft.events.map((e) => e.type)).toEqual(['AUTHORIZATION', 'AUTHORIZATION_EXPIRY']);
      }
    });

    it('take back a reversed return, and count a pending credit only once it clears', async () => {
      const account = await withCard();
      const { client, card } = account;
      const { token: returned } = await client.transactions.simulateReturn({
        amount: 900,
        descriptor: 'R',
        pan: card.pan!,
      });
      await expectBalance(account, { available: 900, pending: 0, total: 900 });
      await client.transactions.simulateReturnReversal({ token: returned! });
      await expectBalance(account, { available: 0, pending: 0, total: 0 });
      const { token: credit } = await client.transactions.simulateCreditAuthorizationAdvice({
        amount: 400,
        descriptor: 'C',
        pan: card.pan!,
      });
      const [listed] = await balances(client, { financial_account_type: 'ISSUING' });
      expect(amountsOf(listed)).toEqual({ available: 0, pending: 0, total: 0 });
      await client.transactions.simulateClearing({ token: credit! });
      const [cleared] = await balances(client, { financial_account_type: 'ISSUING' });
      expect(amountsOf(cleared)).toEqual({ available: 400, pending: 0, total: 400 });
    });

    it('answer as of an event or a date', async () => {
      const { client, card } = await withCard();
      const token = await approve(client, card, 1_000);
      await client.transactions.simulateClearing({ token, amount: 800 });
      const [authorization, clearing] = (await client.transactions.retrieve(token)).events!;
      const issuing = await issuingOf(client);
      const afterAuthorization = await financialAccountBalance(client, issuing.token, {
        last_transaction_event_token: authorization.token,
      });
      expect(amountsOf(afterAuthorization)).toEqual({ available: -1_000, pending: 1_000, total: 0 });
      expect(afterAuthorization).toMatchObject({
        last_transaction_token: token,
        last_transaction_event_token: authorization.token,
      });
      const afterClearing = await financialAccountBalance(client, issuing.token, {
        last_transaction_event_token: clearing.token,
      });
      expect(amountsOf(afterClearing)).toEqual({ available: -800, pending: 0, total: -800 });
      const cardAfterAuthorization = await client.cards.balances.list(card.token, {
        last_transaction_event_token: authorization.token,
      });
      expect(amountsOf(cardAfterAuthorization.data[0])).toEqual(amountsOf(afterAuthorization));

      const before = new Date(Date.parse(authorization.created) - 1).toISOString();
      const [then] = await balances(client, { financial_account_type: 'ISSUING', balance_date: before });
      expect(then).toMatchObject({ total_amount: 0, pending_amount: 0, last_transaction_token: null });
      const [now] = await balances(client, {
        financial_account_type: 'ISSUING',
        balance_date: clearing.created,
      });
      expect(amountsOf(now)).toEqual({ available: -800, pending: 0, total: -800 });

      const stranger = await withCard();
      const theirs = await approve(stranger.client, stranger.card, 100);
      const theirEvent = (await stranger.client.transactions.retrieve(theirs)).events![0];
      for (const eventToken of [UNKNOWN_TOKEN, theirEvent.token]) {
        const error = await failure(
          client.financialAccounts.balances.list(issuing.token, { last_transaction_event_token: eventToken }),
        );
        expect(error).toBeInstanceOf(Lithic.NotFoundError);
      }
    });

    it("of a card count only the card's own transactions", async () => {
      const { client, card } = await withCard();
      const other = await client.cards.create({ type: 'VIRTUAL' });
      await approve(client, card, 1_000);
      const theirs = await approve(client, other, 250);
      const issuing = await issuingOf(client);
      expect(amountsOf(await cardBalance(client, card.token))).toEqual({
        available: -1_000,
        pending: 1_000,
        total: 0,
      });
      expect(amountsOf(await cardBalance(client, other.token))).toEqual({
        available: -250,
        pending: 250,
        total: 0,
      });
      expect(amountsOf(await financialAccountBalance(client, issuing.token))).toEqual({
        available: -1_250,
        pending: 1_250,
        total: 0,
      });
      const listed = await client.cards.financialTransactions.list(card.token);
      expectMatchesSpec(
        { data: listed.data, has_more: listed.has_more },
        '/v1/cards/{card_token}/financial_transactions',
        'get',
      );
      expect(listed.data.map((ft) => ft.token)).not.toContain(theirs);
      expect(listed.data).toHaveLength(1);
      const own = await client.cards.financialTransactions.retrieve(listed.data[0].token, {
        card_token: card.token,
      });
      expectMatchesSpec(
        own,
        '/v1/cards/{card_token}/financial_transactions/{financial_transaction_token}',
        'get',
      );
      expect(own).toEqual(listed.data[0]);
      await expect(
        failure(client.cards.financialTransactions.retrieve(theirs, { card_token: card.token })),
      ).resolves.toBeInstanceOf(Lithic.NotFoundError);
      await expect(failure(client.cards.balances.list(UNKNOWN_TOKEN))).resolves.toBeInstanceOf(
        Lithic.NotFoundError,
      );
    });
  });

  describe('financial transactions', () => {
    it('page newest first with starting_after and ending_before, and filter', async () => {
      const { client, card } = await withCard({
        spend_limit: 1_000,
        spend_limit_duration: 'TRANSACTION',
      });
      const made: string[] = [];
      for (const amount of [100, 200, 300, 400]) made.push(await approve(client, card, amount));
      await client.transactions.simulateClearing({ token: made[1] });
      const declined = await failure(
        client.transactions.simulateAuthorization({ amount: 5_000, descriptor: 'X', pan: card.pan! }),
      );
      expect(declined).toBeInstanceOf(Lithic.UnprocessableEntityError);
      const declinedToken = errorBody(declined).token!;
      const issuing = await issuingOf(client);

      const all = await financialTransactionPage(client, issuing.token);
      expect(all.has_more).toBe(false);
      const newestFirst = all.data.map((ft) => ft.token);
      expect([...newestFirst].sort()).toEqual([...made, declinedToken].sort());
      // Newest first: by created, then by token (two made in one millisecond), both descending.
      const sorted = [...all.data].sort((x, y) =>
        x.created === y.created ? (x.token < y.token ? 1 : -1) : x.created < y.created ? 1 : -1,
      );
      expect(newestFirst).toEqual(sorted.map((ft) => ft.token));

      const pages: FinancialTransaction[][] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await financialTransactionPage(client, issuing.token, {
          page_size: 2,
          starting_after: cursor,
        });
        pages.push(page.data);
        if (!page.has_more) break;
        cursor = page.data.at(-1)!.token;
      }
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(pages.flat().map((ft) => ft.token)).toEqual(newestFirst);
      const back = await financialTransactionPage(client, issuing.token, {
        page_size: 2,
        ending_before: newestFirst[4],
      });
      expect(back.data.map((ft) => ft.token)).toEqual(newestFirst.slice(2, 4));

      const only = async (params: PagedListParams) =>
        (await financialTransactionPage(client, issuing.token, params)).data.map((ft) => ft.token);
      expect(await only({ status: 'SETTLED' })).toEqual([made[1]]);
      expect(await only({ result: 'DECLINED' })).toEqual([declinedToken]);
      expect((await only({ status: 'PENDING', result: 'APPROVED' })).length).toBe(3);
      expect(await only({ category: 'ACH' })).toEqual([]);
      expect(await only({ status: 'RETURNED' })).toEqual([]);
      expect((await only({ category: 'CARD' })).length).toBe(5);
      expect(await only({ end: all.data.at(-1)!.created })).toEqual([]);

      const reserve = (await financialAccounts(client, { type: 'RESERVE' }))[0];
      expect((await financialTransactionPage(client, reserve.token)).data).toEqual([]);
      await expect(
        failure(
          client.financialAccounts.financialTransactions.retrieve(made[0], {
            financial_account_token: reserve.token,
          }),
        ),
      ).resolves.toBeInstanceOf(Lithic.NotFoundError);
      const one = await client.financialAccounts.financialTransactions.retrieve(made[1], {
        financial_account_token: issuing.token,
      });
      expectMatchesSpec(
        one,
        '/v1/financial_accounts/{financial_account_token}/financial_transactions/{financial_transaction_token}',
        'get',
      );
      expect(one).toMatchObject({
        token: made[1],
        status: 'SETTLED',
        settled_amount: 200,
        descriptor: 'SHOP',
      });
    });
  });

  describe('bad input', () => {
    it.each([
      ['/v1/balances?financial_account_type=CARD', /financial_account_type/],
      ['/v1/balances?balance_date=yesterday', /balance_date/],
      ['/v1/financial_accounts?type=CHECKING', /type/],
      ['/v1/financial_accounts/not-a-uuid', /financial_account_token/],
      ['/v1/cards/not-a-uuid/balances', /card_token/],
      ['/v1/cards/7d7a8a27-4a52-4b0e-9c31-3bbf8e4a9f10/financial_transactions?category=ACH', /category/],
    ])('answers 400 naming the field for %s', async (path, field) => {
      const { apiKey } = await sandbox.newAccount();
      const response = await raw(sandbox.url, path, { apiKey });
      expect(response.status).toBe(400);
      expect((response.body as { message: string }).message).toMatch(field);
    });
  });

  it('shows the routes on /docs with the spec’s response bodies', async () => {
    const document = (await raw(sandbox.url, '/docs/openapi.json')).body as {
      paths: Record<string, { get?: { responses: Record<string, unknown> } }>;
    };
    for (const path of [
      '/v1/balances',
      '/v1/financial_accounts',
      '/v1/financial_accounts/{financial_account_token}',
      '/v1/financial_accounts/{financial_account_token}/balances',
      '/v1/financial_accounts/{financial_account_token}/financial_transactions',
      '/v1/financial_accounts/{financial_account_token}/financial_transactions/{financial_transaction_token}',
      '/v1/cards/{card_token}/balances',
      '/v1/cards/{card_token}/financial_transactions',
      '/v1/cards/{card_token}/financial_transactions/{financial_transaction_token}',
    ])
      expect({ path, body: JSON.stringify(document.paths[path]?.get?.responses?.['200'] ?? null) }).toEqual({
        path,
        body: expect.stringMatching(/#\/components\/schemas\/(balance|financial-account)/),
      });
  });
});
