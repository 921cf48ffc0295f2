import { describe, expect, it } from '@jest/globals';
import Lithic from 'lithic';
import {
  charge,
  approve,
  decline,
  retrieve,
  listAll,
  expectNewestFirst,
  expectCreatedInOrder,
  accountsWithCards,
} from './support/authorizer.js';
import { failure } from './support/http.js';
import { testDatabase, useSandbox } from './support/sandbox.js';
import { expectMatchesSpec } from './support/spec.js';

describe(`listing transactions (GET /v1/transactions) through the official SDK on the ${testDatabase()} database`, () => {
  const sandbox = useSandbox();
  const accountWithCard = accountsWithCards(sandbox);

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
});
