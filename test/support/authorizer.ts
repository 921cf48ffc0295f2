import { expect } from '@jest/globals';
import Lithic, { APIError } from 'lithic';
import { errorBody, failure, type ErrorBody } from './http.js';
import type { TestAccount, TestSandbox } from './sandbox.js';
import { expectMatchesSpec } from './spec.js';

// What the authorizer's contract suites share: charges, and the checks of what the SDK answers.
export type Card = Lithic.Card;
export type Transaction = Lithic.Transaction;
export type AuthorizeParams = Lithic.TransactionSimulateAuthorizationParams;
/** The sandbox's card-not-present extension (docs/semantics.md (deciding a charge)); the SDK sends unknown body fields as given. */
export type AuthorizeWithCardDetails = AuthorizeParams & {
  cvv?: string;
  exp_month?: string;
  exp_year?: string;
};

/** A charge at a merchant, with the defaults every test uses. */
export function charge(card: Card, amount: number, descriptor = 'SANDBOX MERCHANT'): AuthorizeParams {
  return { amount, descriptor, pan: card.pan! };
}

/** An authorization the sandbox must approve: 201 with a token, as the spec describes it. */
export async function approve(
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
export async function decline(
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
export async function retrieve(client: Lithic, token: string): Promise<Transaction> {
  const transaction = await client.transactions.retrieve(token);
  expectMatchesSpec(transaction, '/v1/transactions/{transaction_token}', 'get');
  expect(transaction.token).toBe(token);
  return transaction;
}

/** The stored decline: DECLINED, its result, one event with its detailed result and the rule's words. */
export async function expectDeclined(
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
export async function listAll(
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
export function expectNewestFirst(items: { created: string; token: string }[]): void {
  const sorted = [...items].sort((a, b) =>
    a.created === b.created ? (a.token < b.token ? 1 : -1) : a.created < b.created ? 1 : -1,
  );
  expect(items.map((t) => t.token)).toEqual(sorted.map((t) => t.token));
}

/**
 * The server's `created` follows the order the test made the transactions in (ties allowed: two in
 * one millisecond are ordered by token), so newest first is the reverse of that order.
 */
export function expectCreatedInOrder(
  items: { created: string; token: string }[],
  tokensInCreationOrder: string[],
): void {
  const created = new Map(items.map((t) => [t.token, t.created]));
  const times = tokensInCreationOrder.map((token) => created.get(token)!);
  expect(times.every((time, i) => i === 0 || time >= times[i - 1])).toBe(true);
}

/** The card's spend limits, validated against the spec's CardSpendLimits. */
export async function spendLimits(client: Lithic, cardToken: string): Promise<Lithic.CardSpendLimits> {
  const limits = await client.cards.retrieveSpendLimits(cardToken);
  expectMatchesSpec(limits, '/v1/cards/{card_token}/spend_limits', 'get');
  return limits;
}

/** A refused lifecycle message: a 4xx the SDK does not retry, whose message says why. */
export async function expectRefused(
  path: 'clearing' | 'void' | 'return_reversal',
  promise: PromiseLike<unknown>,
  why: RegExp,
): Promise<ErrorBody> {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(APIError);
  expect((error as APIError).status).toBe(400);
  expect((error as APIError).headers?.get('x-should-retry')).toBe('false');
  const body = errorBody(error);
  expectMatchesSpec(body, `/v1/simulate/${path}`, 'post', 400);
  expect(body.message).toMatch(why);
  return body;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const UNKNOWN_TOKEN = '7d7a8a27-4a52-4b0e-9c31-3bbf8e4a9f10';

/** A factory of fresh accounts, each with one card of the given kind. */
export function accountsWithCards(sandbox: TestSandbox) {
  return async (params: Partial<Lithic.CardCreateParams> = {}): Promise<TestAccount & { card: Card }> => {
    const account = await sandbox.newAccount();
    const card = await account.client.cards.create({ type: 'VIRTUAL', ...params });
    return { ...account, card };
  };
}
