import { afterEach, describe, expect, it } from '@jest/globals';
import Lithic, { type APIError } from 'lithic';
import { EXAMPLE_CARD_TOKEN } from '../apps/issuer/src/webhooks/webhook-examples.js';
import { failure, raw } from './support/http.js';
import { type TestAccount, testDatabase, useSandbox } from './support/sandbox.js';
import { expectMatchesSpec, expectWebhookMatchesSpec } from './support/spec.js';
import { eventually, Receiver, sleep, type Answer, type Delivery } from './support/webhooks.js';

type Subscription = Lithic.Events.EventSubscription;
type Attempt = Lithic.Events.MessageAttempt;

const SUBSCRIPTION = '/v1/event_subscriptions/{event_subscription_token}';

/** Accepted by the SDK with the secret, or the reason it was refused. */
function verify(client: Lithic, delivery: Delivery, secret: string): 'ok' | string {
  try {
    client.webhooks.parse(delivery.body, { headers: delivery.headers as Record<string, string>, secret });
    return 'ok';
  } catch (error) {
    return String(error);
  }
}

function errorMessage(error: unknown): string {
  return ((error as APIError).error as { message: string }).message;
}

describe(`webhooks and the events API on the ${testDatabase()} database`, () => {
  const receivers: Receiver[] = [];

  const sandbox = useSandbox();
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.stop()));
  });

  async function receiver(answer?: Answer): Promise<Receiver> {
    const started = await Receiver.start(answer);
    receivers.push(started);
    return started;
  }

  async function subscribe(
    account: TestAccount,
    target: Receiver,
    params: Partial<Lithic.Events.SubscriptionCreateParams> = {},
  ): Promise<{ subscription: Subscription; secret: string }> {
    const { data, response } = await account.client.events.subscriptions
      .create({ url: target.url, ...params })
      .withResponse();
    expect(response.status).toBe(201);
    expectMatchesSpec(data, '/v1/event_subscriptions', 'post', 201);
    const secret = await account.client.events.subscriptions.retrieveSecret(data.token);
    expectMatchesSpec(secret, `${SUBSCRIPTION}/secret`, 'get');
    return { subscription: data, secret: secret.secret! };
  }

  async function cardAndAuthorization(account: TestAccount) {
    const card = await account.client.cards.create({ type: 'VIRTUAL' });
    const auth = await account.client.transactions.simulateAuthorization({
      amount: 1234,
      descriptor: 'WEBHOOK COFFEE',
      pan: card.pan!,
    });
    return { card, transactionToken: auth.token! };
  }

  async function attemptsOfEvent(account: TestAccount, eventToken: string): Promise<Attempt[]> {
    const page = await account.client.events.listAttempts(eventToken);
    expectMatchesSpec(
      { data: page.data, has_more: page.has_more },
      '/v1/events/{event_token}/attempts',
      'get',
    );
    return page.data;
  }

  it('delivers card.created and card_transaction.updated within a second, signed for the SDK', async () => {
    const account = await sandbox.newAccount();
    const target = await receiver();
    const { subscription, secret } = await subscribe(account, target, { description: 'all events' });
    expect(subscription).toMatchObject({ url: target.url, description: 'all events', disabled: false });

    const started = Date.now();
    const { card, transactionToken } = await cardAndAuthorization(account);
    const created = await eventually('card.created', () =>
      target.ofType('card.created').find((d) => d.json.card_token === card.token),
    );
    const updated = await eventually('card_transaction.updated', () =>
      target.ofType('card_transaction.updated').find((d) => d.json.token === transactionToken),
    );
    expect(Math.max(created.at, updated.at) - started).toBeLessThan(1_500);

    for (const delivery of [created, updated]) {
      expect(verify(account.client, delivery, secret)).toBe('ok');
      expect(delivery.headers['content-type']).toBe('application/json');
      expect(delivery.id).toMatch(/^msg_/);
      expectWebhookMatchesSpec(delivery.json, String(delivery.json.event_type));
      // The webhook-id is the event's token: the same event is in the events API.
      const event = await account.client.events.retrieve(delivery.id);
      expectMatchesSpec(event, '/v1/events/{event_token}', 'get');
      expect({ event_type: event.event_type, ...event.payload }).toEqual(delivery.json);
      const attempts = await eventually('a recorded success', async () => {
        const list = await attemptsOfEvent(account, delivery.id);
        return list.some((a) => a.status === 'SUCCESS') && list;
      });
      expect(attempts).toEqual([
        expect.objectContaining({
          status: 'SUCCESS',
          response_status_code: 200,
          response: 'ok',
          url: target.url,
          event_token: delivery.id,
          event_subscription_token: subscription.token,
        }),
      ]);
    }
    expect(updated.json).toMatchObject({ card_token: card.token, status: 'PENDING', result: 'APPROVED' });
  });

  it('delivers only the subscribed event types, and nothing to a disabled subscription', async () => {
    const account = await sandbox.newAccount();
    const [everything, transactionsOnly, disabled, disabledLater] = await Promise.all([
      receiver(),
      receiver(),
      receiver(),
      receiver(),
    ]);
    await subscribe(account, everything);
    const { subscription: filtered } = await subscribe(account, transactionsOnly, {
      event_types: ['card_transaction.updated'],
    });
    expect(filtered.event_types).toEqual(['card_transaction.updated']);
    await subscribe(account, disabled, { disabled: true });
    const { subscription: later } = await subscribe(account, disabledLater);
    const patched = await account.client.events.subscriptions.update(later.token, {
      url: disabledLater.url,
      disabled: true,
    });
    expectMatchesSpec(patched, SUBSCRIPTION, 'patch');
    expect(patched.disabled).toBe(true);

    const { transactionToken } = await cardAndAuthorization(account);
    await eventually('both events at the catch-all receiver', () =>
      ['card.created', 'card_transaction.updated'].every((t) => everything.ofType(t).length > 0),
    );
    await eventually(
      'the transaction at the filtered receiver',
      () => transactionsOnly.deliveries.length > 0,
    );
    // The catch-all receiver got everything, so anything meant for the others has been sent too.
    await sleep(400);
    expect(transactionsOnly.deliveries.map((d) => [d.json.event_type, d.json.token])).toEqual([
      ['card_transaction.updated', transactionToken],
    ]);
    expect(disabled.deliveries).toEqual([]);
    expect(disabledLater.deliveries).toEqual([]);
  });

  it('retries a failed delivery with the same id and records both attempts', async () => {
    const account = await sandbox.newAccount();
    const target = await receiver();
    const longBody = `try later ${'.'.repeat(5000)}`;
    target.answer = (_d, index) => (index === 0 ? { status: 500, body: longBody } : { status: 200 });
    const { subscription, secret } = await subscribe(account, target);
    await account.client.events.subscriptions.sendSimulatedExample(subscription.token, {
      event_type: 'card.created',
    });
    await eventually('a retry', () => target.deliveries.length >= 2);
    const [first, second] = target.deliveries;
    expect(second.id).toBe(first.id);
    expect(second.body).toBe(first.body);
    expect(second.at - first.at).toBeGreaterThanOrEqual(150);
    expect(verify(account.client, second, secret)).toBe('ok');
    const attempts = await eventually('the success recorded', async () => {
      const list = await attemptsOfEvent(account, first.id);
      return list[0]?.status === 'SUCCESS' && list;
    });
    // Newest first; the receiver's answer is kept up to 1 kB.
    expect(attempts.map((a) => [a.status, a.response_status_code, a.response])).toEqual([
      ['SUCCESS', 200, ''],
      ['FAILED', 500, longBody.slice(0, 1024)],
    ]);
    const bySubscription = await account.client.events.subscriptions.listAttempts(subscription.token, {
      status: 'FAILED',
    });
    expectMatchesSpec(
      { data: bySubscription.data, has_more: bySubscription.has_more },
      `${SUBSCRIPTION}/attempts`,
      'get',
    );
    expect(bySubscription.data.map((a) => a.token)).toEqual([attempts[1].token]);
  });

  it('counts a receiver that does not answer within WEBHOOK_TIMEOUT_MS as a failure', async () => {
    const account = await sandbox.newAccount();
    const target = await receiver((_d, index) =>
      index === 0 ? sleep(3_000).then(() => ({ status: 200 })) : { status: 200 },
    );
    const { subscription } = await subscribe(account, target);
    await account.client.events.subscriptions.sendSimulatedExample(subscription.token, {
      event_type: 'card.created',
    });
    const first = await eventually('the first delivery', () => target.deliveries[0]);
    const attempts = await eventually(
      'the retry recorded',
      async () => {
        const list = await attemptsOfEvent(account, first.id);
        return list[0]?.status === 'SUCCESS' && list;
      },
      8_000,
    );
    // The test sandboxes wait 2 s (WEBHOOK_TIMEOUT_MS in test/support/sandbox.ts).
    expect(attempts.map((a) => [a.status, a.response_status_code, a.response])).toEqual([
      ['SUCCESS', 200, ''],
      ['FAILED', 0, 'No response within 2000 ms (WEBHOOK_TIMEOUT_MS)'],
    ]);
  });

  it('signs later deliveries with the rotated secret only', async () => {
    const account = await sandbox.newAccount();
    const target = await receiver();
    const { subscription, secret: before } = await subscribe(account, target);
    const send = () =>
      account.client.events.subscriptions.sendSimulatedExample(subscription.token, {
        event_type: 'card.created',
      });
    await send();
    const first = await eventually('the first example', () => target.deliveries[0]);
    expect(verify(account.client, first, before)).toBe('ok');

    const rotated = await raw(sandbox.url, `/v1/event_subscriptions/${subscription.token}/secret/rotate`, {
      method: 'POST',
      apiKey: account.apiKey,
    });
    expect(rotated.status).toBe(204);
    const { secret: after } = await account.client.events.subscriptions.retrieveSecret(subscription.token);
    expect(after).toMatch(/^whsec_/);
    expect(after).not.toBe(before);

    await send();
    const second = await eventually('the second example', () => target.deliveries[1]);
    expect(verify(account.client, second, after!)).toBe('ok');
    expect(verify(account.client, second, before)).toMatch(/signature/i);
  });

  it('recovers failed deliveries and replays events a subscription never had', async () => {
    const account = await sandbox.newAccount();
    const broken = await receiver(() => ({ status: 503, body: 'down' }));
    const { subscription } = await subscribe(account, broken);
    const beforeEvents = new Date().toISOString();
    await account.client.cards.create({ type: 'VIRTUAL' });
    await eventually('a failed attempt', () => broken.deliveries.length > 0);
    // Disabled, its queued retries fail at once for good: what recover is for.
    await account.client.events.subscriptions.update(subscription.token, { url: broken.url, disabled: true });
    const failed = await eventually('no delivery left queued', async () => {
      const list = await account.client.events.subscriptions.listAttempts(subscription.token);
      return list.data.length > 0 && list.data.every((a) => a.status === 'FAILED') && list.data;
    });
    const recoverWhileDisabled = await failure(
      account.client.events.subscriptions.recover(subscription.token),
    );
    expect((recoverWhileDisabled as APIError).status).toBe(400);

    const fixed = await receiver();
    await account.client.events.subscriptions.update(subscription.token, { url: fixed.url, disabled: false });
    // A window after the failures recovers nothing.
    await account.client.events.subscriptions.recover(subscription.token, {
      begin: new Date(Date.now() + 60_000).toISOString(),
    });
    await sleep(400);
    expect(fixed.deliveries).toEqual([]);

    const recovered = await raw(
      sandbox.url,
      `/v1/event_subscriptions/${subscription.token}/recover?begin=${encodeURIComponent(beforeEvents)}`,
      { method: 'POST', apiKey: account.apiKey },
    );
    expect(recovered.status).toBe(202);
    const delivery = await eventually('the recovered event', () => fixed.deliveries[0]);
    expect(delivery.id).toBe(failed[0].event_token);
    const attempts = await eventually('the recovered success', async () => {
      const list = await attemptsOfEvent(account, delivery.id);
      return list[0]?.status === 'SUCCESS' && list;
    });
    expect(attempts[0]).toMatchObject({ url: fixed.url, response_status_code: 200 });
    expect(attempts.slice(1).every((a) => a.status === 'FAILED' && a.url === broken.url)).toBe(true);

    // A second subscription, created after those events, gets them only by replay_missing.
    const late = await receiver();
    const { subscription: second } = await subscribe(account, late);
    const replayed = await raw(
      sandbox.url,
      `/v1/event_subscriptions/${second.token}/replay_missing?begin=${encodeURIComponent(beforeEvents)}`,
      { method: 'POST', apiKey: account.apiKey },
    );
    expect(replayed.status).toBe(202);
    const events = await account.client.events.list();
    await eventually('every earlier event replayed', () => late.deliveries.length >= events.data.length);
    expect(new Set(late.deliveries.map((d) => d.id))).toEqual(new Set(events.data.map((e) => e.token)));
    // Replaying again sends nothing more: each event now has an attempt there.
    await account.client.events.subscriptions.replayMissing(second.token, { begin: beforeEvents });
    await sleep(400);
    expect(late.deliveries).toHaveLength(events.data.length);
  });

  it('sends examples of the types the sandbox emits, shaped as the spec says', async () => {
    const account = await sandbox.newAccount();
    const target = await receiver();
    const { subscription, secret } = await subscribe(account, target, {
      event_types: ['card_transaction.updated'],
    });
    for (const eventType of ['card.created', 'card.updated', 'card_transaction.updated'] as const) {
      const sent = await raw(
        sandbox.url,
        `/v1/simulate/event_subscriptions/${subscription.token}/send_example`,
        {
          method: 'POST',
          apiKey: account.apiKey,
          body: { event_type: eventType },
        },
      );
      expect(sent.status).toBe(202);
      const delivery = await eventually(eventType, () => target.ofType(eventType)[0]);
      expect(verify(account.client, delivery, secret)).toBe('ok');
      expectWebhookMatchesSpec(delivery.json, eventType);
      expect(delivery.json.card_token).toBe(EXAMPLE_CARD_TOKEN);
    }
    // Without a type: the subscription's first one.
    await account.client.events.subscriptions.sendSimulatedExample(subscription.token);
    await eventually(
      'a second transaction example',
      () => target.ofType('card_transaction.updated').length === 2,
    );

    // The examples are events of the account like any other.
    const events = await account.client.events.list();
    expect(events.data.map((e) => e.event_type)).toEqual([
      'card_transaction.updated',
      'card_transaction.updated',
      'card.updated',
      'card.created',
    ]);

    const unknown = await raw(
      sandbox.url,
      `/v1/simulate/event_subscriptions/${subscription.token}/send_example`,
      {
        method: 'POST',
        apiKey: account.apiKey,
        body: { event_type: 'card.exploded' },
      },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ message: expect.stringMatching(/event_type.*card\.exploded/) });
    const notEmitted = await failure(
      account.client.events.subscriptions.sendSimulatedExample(subscription.token, {
        event_type: 'dispute.updated',
      }),
    );
    expect(errorMessage(notEmitted)).toMatch(/event_type: the sandbox has no example of dispute\.updated/);
  });

  it('resends an event to a subscription', async () => {
    const account = await sandbox.newAccount();
    const target = await receiver();
    const { subscription } = await subscribe(account, target);
    await account.client.events.subscriptions.sendSimulatedExample(subscription.token, {
      event_type: 'card.created',
    });
    const first = await eventually('the example', () => target.deliveries[0]);
    const resent = await raw(
      sandbox.url,
      `/v1/events/${first.id}/event_subscriptions/${subscription.token}/resend`,
      { method: 'POST', apiKey: account.apiKey },
    );
    expect(resent.status).toBe(202);
    const again = await eventually('the resend', () => target.deliveries[1]);
    expect(again.id).toBe(first.id);
    expect(again.body).toBe(first.body);
    await account.client.events.resend(first.id, { eventSubscriptionToken: subscription.token });
    await eventually('the SDK resend', () => target.deliveries[2]);
    const attempts = await eventually('three successes', async () => {
      const list = await attemptsOfEvent(account, first.id);
      return list.filter((a) => a.status === 'SUCCESS').length === 3 && list;
    });
    expect(attempts).toHaveLength(3);
  });

  it('lists events newest first, filtered by type, a page at a time', async () => {
    const account = await sandbox.newAccount();
    const cards = [];
    for (let i = 0; i < 3; i++)
      cards.push(await account.client.cards.create({ type: 'VIRTUAL', memo: `n${i}` }));
    await account.client.cards.update(cards[0].token, { state: 'PAUSED' });
    await cardAndAuthorization(account);

    const all: Lithic.Event[] = [];
    for await (const page of (await account.client.events.list({ page_size: 2 })).iterPages()) {
      expectMatchesSpec({ data: page.data, has_more: page.has_more }, '/v1/events', 'get');
      expect(page.data.length).toBeLessThanOrEqual(2);
      all.push(...page.data);
    }
    expect(all[0].event_type).toBe('card_transaction.updated');
    expect(all.map((e) => e.event_type).sort()).toEqual([
      'card.created',
      'card.created',
      'card.created',
      'card.created',
      'card.updated',
      'card_transaction.updated',
    ]);
    const sorted = [...all].sort((a, b) =>
      a.created === b.created ? (a.token < b.token ? 1 : -1) : a.created < b.created ? 1 : -1,
    );
    expect(all.map((e) => e.token)).toEqual(sorted.map((e) => e.token));
    expect(all.filter((e) => e.event_type === 'card.created').map((e) => e.payload.card_token)).toEqual(
      expect.arrayContaining(cards.map((c) => c.token)),
    );

    // The SDK joins array values with commas; repeated parameters work too.
    const filtered = await account.client.events.list({
      event_types: ['card.updated', 'card_transaction.updated'],
    });
    expect(filtered.data.map((e) => e.event_type)).toEqual(['card_transaction.updated', 'card.updated']);
    const repeated = await raw(
      sandbox.url,
      '/v1/events?event_types=card.updated&event_types=card_transaction.updated',
      {
        apiKey: account.apiKey,
      },
    );
    expect((repeated.body as { data: { token: string }[] }).data.map((e) => e.token)).toEqual(
      filtered.data.map((e) => e.token),
    );

    // Backwards from the oldest, and a time window.
    const newer = await account.client.events.list({ ending_before: all[5].token, page_size: 2 });
    expect(newer.data.map((e) => e.token)).toEqual([all[3].token, all[4].token]);
    const windowed = await account.client.events.list({ begin: all[1].created, end: all[0].created });
    expect(windowed.data.every((e) => e.created >= all[1].created && e.created < all[0].created)).toBe(true);
    const bare = await account.client.events.list({ with_content: false, page_size: 1 });
    expect(bare.data[0].payload).toEqual({});
  });

  it("hides another account's events, subscriptions and attempts", async () => {
    const owner = await sandbox.newAccount();
    const stranger = await sandbox.newAccount();
    const target = await receiver();
    const { subscription } = await subscribe(owner, target);
    await owner.client.events.subscriptions.sendSimulatedExample(subscription.token, {
      event_type: 'card.created',
    });
    const delivery = await eventually('the example', () => target.deliveries[0]);

    const calls: [string, () => PromiseLike<unknown>][] = [
      ['get event', () => stranger.client.events.retrieve(delivery.id)],
      ['event attempts', () => stranger.client.events.listAttempts(delivery.id)],
      ['get subscription', () => stranger.client.events.subscriptions.retrieve(subscription.token)],
      [
        'update subscription',
        () => stranger.client.events.subscriptions.update(subscription.token, { url: target.url }),
      ],
      ['delete subscription', () => stranger.client.events.subscriptions.delete(subscription.token)],
      ['secret', () => stranger.client.events.subscriptions.retrieveSecret(subscription.token)],
      ['rotate', () => stranger.client.events.subscriptions.rotateSecret(subscription.token)],
      ['recover', () => stranger.client.events.subscriptions.recover(subscription.token)],
      ['replay', () => stranger.client.events.subscriptions.replayMissing(subscription.token)],
      ['attempts', () => stranger.client.events.subscriptions.listAttempts(subscription.token)],
      ['example', () => stranger.client.events.subscriptions.sendSimulatedExample(subscription.token)],
      [
        'resend',
        () => stranger.client.events.resend(delivery.id, { eventSubscriptionToken: subscription.token }),
      ],
    ];
    for (const [name, call] of calls) {
      expect({ name, status: ((await failure(call())) as APIError).status }).toEqual({ name, status: 404 });
    }
    expect((await stranger.client.events.list()).data).toEqual([]);
    expect((await stranger.client.events.subscriptions.list()).data).toEqual([]);
    // The owner still has all of it.
    expect((await owner.client.events.subscriptions.retrieve(subscription.token)).url).toBe(target.url);
  });

  it('manages subscriptions: list, update, delete', async () => {
    const account = await sandbox.newAccount();
    const target = await receiver();
    const { subscription: first } = await subscribe(account, target, { description: 'first' });
    const { subscription: second } = await subscribe(account, target, { event_types: ['card.created'] });
    const list = await account.client.events.subscriptions.list();
    expectMatchesSpec({ data: list.data, has_more: list.has_more }, '/v1/event_subscriptions', 'get');
    expect(list.data.map((s) => s.token)).toEqual([second.token, first.token]);

    const updated = await account.client.events.subscriptions.update(second.token, {
      url: 'https://example.com/hooks',
      description: 'moved',
      event_types: [],
    });
    expect(updated).toEqual({
      token: second.token,
      url: 'https://example.com/hooks',
      description: 'moved',
      disabled: false,
      event_types: [],
    });
    const got = await account.client.events.subscriptions.retrieve(second.token);
    expectMatchesSpec(got, SUBSCRIPTION, 'get');
    expect(got).toEqual(updated);

    const deleted = await raw(sandbox.url, `/v1/event_subscriptions/${second.token}`, {
      method: 'DELETE',
      apiKey: account.apiKey,
    });
    expect(deleted.status).toBe(204);
    expect(
      ((await failure(account.client.events.subscriptions.retrieve(second.token))) as APIError).status,
    ).toBe(404);
    const remaining = await account.client.events.subscriptions.list();
    expect(remaining.data.map((s) => s.token)).toEqual([first.token]);
  });

  it.each([
    ['a URL that is not one', { url: 'not a url' }, /url must be an http/],
    ['an ftp URL', { url: 'ftp://127.0.0.1/hooks' }, /url must be an http/],
    ['no URL', { description: 'x' }, /url must be an http/],
    [
      'an unknown event type',
      { url: 'http://127.0.0.1:9/x', event_types: ['card.created', 'card.exploded'] },
      /event_types must contain only Lithic event types.*"card\.exploded"/,
    ],
    [
      'event types that are not a list',
      { url: 'http://127.0.0.1:9/x', event_types: 'card.created' },
      /event_types/,
    ],
    ['an unknown field', { url: 'http://127.0.0.1:9/x', colour: 'blue' }, /property colour should not exist/],
    [
      'a null description',
      { url: 'http://127.0.0.1:9/x', description: null },
      /description must be a string/,
    ],
    [
      'a disabled flag that is a string',
      { url: 'http://127.0.0.1:9/x', disabled: 'yes' },
      /disabled must be a boolean/,
    ],
  ])('refuses a subscription with %s: 400 naming the field', async (_case, body, message) => {
    const account = await sandbox.newAccount();
    const response = await raw(sandbox.url, '/v1/event_subscriptions', {
      method: 'POST',
      apiKey: account.apiKey,
      body,
    });
    expect(response.status).toBe(400);
    expectMatchesSpec(response.body, '/v1/event_subscriptions', 'post', 400);
    expect(response.body).toMatchObject({ message: expect.stringMatching(message) });
    expect((await account.client.events.subscriptions.list()).data).toEqual([]);
  });

  it('refuses bad list and update parameters with 400 naming them', async () => {
    const account = await sandbox.newAccount();
    const { subscription } = await subscribe(account, await receiver());
    const cases: [string, Record<string, unknown> | undefined, string, RegExp][] = [
      // GET /v1/events refuses nothing (its spec entry lists no 400): test/list-filters.e2e-spec.ts.
      [`/v1/event_subscriptions/${subscription.token}/attempts?status=LOST`, undefined, 'GET', /status/],
      [`/v1/event_subscriptions/${subscription.token}/recover?begin=yesterday`, undefined, 'POST', /begin/],
      [`/v1/event_subscriptions/${subscription.token}`, { disabled: true }, 'PATCH', /url must be an http/],
      [`/v1/event_subscriptions/${subscription.token}`, { url: 'ftp://x.example/' }, 'PATCH', /url/],
    ];
    for (const [path, body, method, message] of cases) {
      const response = await raw(sandbox.url, path, { method, apiKey: account.apiKey, body });
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(response.body).toMatchObject({ message: expect.stringMatching(message) });
    }
    const unknownEvent = await raw(sandbox.url, '/v1/events/msg_doesnotexist', { apiKey: account.apiKey });
    expect(unknownEvent.status).toBe(404);
    expectMatchesSpec(unknownEvent.body, '/v1/events/{event_token}', 'get', 404);
  });
});
