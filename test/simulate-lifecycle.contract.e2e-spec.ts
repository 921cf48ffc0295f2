import { describe, expect, it } from '@jest/globals';
import Lithic from 'lithic';
import {
  charge,
  approve,
  decline,
  retrieve,
  expectDeclined,
  expectRefused,
  UNKNOWN_TOKEN,
  accountsWithCards,
} from './support/authorizer.js';
import { errorBody, failure } from './support/http.js';
import { testDatabase, useSandbox } from './support/sandbox.js';
import { expectMatchesSpec } from './support/spec.js';

describe(`a transaction's lifecycle (clearing, void, return, credit) through the official SDK on the ${testDatabase()} database`, () => {
  const sandbox = useSandbox();
  const accountWithCard = accountsWithCards(sandbox);

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
});
