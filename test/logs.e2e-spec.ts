import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { APIError } from 'lithic';
import { OutputCapture } from './support/capture.js';
import { failure, raw, type RawResponse } from './support/http.js';
import { testDatabase, useSandbox } from './support/sandbox.js';
import { eventually } from './support/webhooks.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A JSON "cvv" key, plain or escaped inside another JSON string. */
const CVV_KEY = /\\*"cvv\\*"\s*:/i;

function expectNoCardData(text: string, cards: { pan?: string; cvv?: string }[]): void {
  expect(text).not.toMatch(CVV_KEY);
  for (const card of cards) {
    expect(text).not.toContain(card.pan!);
    // Not even most of it: a PAN masked to its last four is fine, its first twelve digits are not.
    expect(text).not.toContain(card.pan!.slice(0, 12));
  }
}

describe(`logs at debug level on the ${testDatabase()} database`, () => {
  const output = new OutputCapture();
  // Hooks run in the order they are declared: the capture starts before the sandbox and stops after it.
  beforeAll(() => output.start());
  const sandbox = useSandbox({ env: { LOG_LEVEL: 'debug' } });
  afterAll(() => output.stop());

  /**
   * The lines written since `from`, once they hold a line for each of these request ids: a request's
   * line is written after its response has gone out, so none is checked before it is there.
   */
  const linesWith = (from: number, ids: string[]) =>
    eventually(`request lines for ${ids.join(', ')}`, () => {
      const lines = output.lines(from);
      return ids.every((id) => lines.some((line) => line.includes(id))) && lines;
    });

  it('never writes a full PAN or a CVV to stdout or stderr, whatever the requests carry', async () => {
    const { client, apiKey } = await sandbox.newAccount();
    const cards = await Promise.all(
      (['VIRTUAL', 'SINGLE_USE', 'MERCHANT_LOCKED'] as const).map((type) =>
        client.cards.create({ type, memo: `logged ${type}` }),
      ),
    );
    const [card] = cards;
    const pan = card.pan!;
    // Reveal, search and list.
    await client.cards.retrieve(card.token);
    await client.cards.searchByPan({ pan });
    await client.cards.update(card.token, { memo: 'paused', state: 'PAUSED' });
    await client.cards.list({ page_size: 2 });
    await client.cards.list({ memo: pan });
    await failure(client.cards.searchByPan({ pan: '4111111111111111' }));
    // Failures whose requests carry the PAN, in the body, the path and the query.
    const responses: RawResponse[] = await Promise.all([
      raw(sandbox.url, '/v1/cards/search_by_pan', { method: 'POST', apiKey, body: `{"pan": "${pan}",` }),
      raw(sandbox.url, '/v1/cards/search_by_pan', { method: 'POST', apiKey, body: `{"pan": ${pan}}` }),
      raw(sandbox.url, '/v1/cards', { method: 'POST', apiKey, body: `{"type": "VIRTUAL", "memo": "${pan}` }),
      raw(sandbox.url, '/v1/cards/search_by_pan', { method: 'POST', apiKey, body: { pan, cvv: card.cvv } }),
      raw(sandbox.url, '/v1/cards/search_by_pan', { method: 'POST', apiKey, body: { pan: `${pan}0` } }),
      raw(sandbox.url, '/v1/cards', { method: 'POST', apiKey, body: { type: pan, memo: pan } }),
      raw(sandbox.url, '/v1/cards', { method: 'POST', apiKey, body: { type: 'VIRTUAL', [pan]: true } }),
      raw(sandbox.url, '/v1/cards', {
        method: 'POST',
        apiKey,
        body: { type: 'VIRTUAL', memo: pan.repeat(20) },
      }),
      raw(sandbox.url, `/v1/cards/${pan}`, { apiKey }),
      raw(sandbox.url, `/v1/cards/pan${pan}`, { apiKey }),
      raw(sandbox.url, `/v1/cards/${pan}/balances`, { apiKey }),
      raw(sandbox.url, `/v1/cards?memo=${pan}&page_size=0`, { apiKey }),
      raw(sandbox.url, '/v1/cards', { method: 'POST', authorization: pan, body: { type: 'VIRTUAL' } }),
    ]);
    for (const response of responses) expect(response.status).toBeGreaterThanOrEqual(400);
    expect(responses.map((r) => r.status).filter((s) => s >= 500)).toEqual([]);
    // Neither the logs nor the error messages give the card data back.
    expectNoCardData(responses.map((r) => r.text).join('\n'), cards);
    // Checked once the capture has every one of these requests' lines, so none is checked unseen.
    const ids = responses.map((r) => r.headers.get('x-request-id')!);
    expect(ids.every(Boolean)).toBe(true);
    await linesWith(0, ids);
    expectNoCardData(output.text(), cards);
  });

  it('never writes the PAN or CVV of the embedded card page it served', async () => {
    const { client } = await sandbox.newAccount();
    const card = await client.cards.create({ type: 'VIRTUAL' });
    const from = output.mark();
    const html = await client.cards.getEmbedHTML({ token: card.token });
    const page = await fetch(client.cards.getEmbedURL({ token: card.token }));
    expect([html.includes(card.cvv!), page.status]).toEqual([true, 200]);
    const lines = await eventually('both embed requests in the log', () => {
      const written = output.lines(from);
      return written.filter((line) => line.includes('/v1/embed/card')).length >= 2 && written;
    });
    expectNoCardData(lines.join('\n'), [card]);
    // The page lays the PAN out in groups of four, which the checks above would not see: no markup either.
    expect(lines.join('\n')).not.toMatch(/pan-separator|id=\\*"cvv/);
  });

  it('writes each request as one JSON line with its request_id, method, path and status', async () => {
    const { client, accountToken } = await sandbox.newAccount();
    const from = output.mark();
    const { data: card, response } = await client.cards.create({ type: 'VIRTUAL' }).withResponse();
    const createId = response.headers.get('x-request-id');
    const missing = await failure(client.cards.retrieve('7ef7d65c-9023-4da3-b113-3b8583fd7951'));
    const missingId = (missing as APIError).headers?.get('x-request-id');
    const status = await raw(sandbox.url, '/v1/status');
    const statusId = status.headers.get('x-request-id');
    // Lines are written in the order the responses went out: the last one's means all are there.
    const lines = await linesWith(from, [statusId!]);
    const parsed = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`Not a JSON log line: ${line}`);
      }
    });
    const requests = parsed.filter((entry) => entry.msg === 'request');
    for (const entry of requests) {
      expect(entry.request_id).toEqual(expect.stringMatching(UUID));
      expect(typeof entry.time).toBe('string');
      expect(typeof entry.level).toBe('string');
    }
    expect(requests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          request_id: createId,
          method: 'POST',
          path: '/v1/cards',
          status: 200,
          account_token: accountToken,
        }),
        expect.objectContaining({
          request_id: missingId,
          method: 'GET',
          path: '/v1/cards/7ef7d65c-9023-4da3-b113-3b8583fd7951',
          status: 404,
        }),
        expect.objectContaining({ request_id: statusId, method: 'GET', path: '/v1/status', status: 200 }),
      ]),
    );
    expectNoCardData(lines.join('\n'), [card]);
  });

  it('logs the dashboard’s reads at debug level, and its writes and other clients’ reads at info', async () => {
    const { apiKey } = await sandbox.newAccount();
    const dashboard = { 'x-sandbox-client': 'dashboard' };
    const from = output.mark();
    const polled = await raw(sandbox.url, '/v1/cards?page_size=10', { apiKey, headers: dashboard });
    const sdkRead = await raw(sandbox.url, '/v1/cards?page_size=10', { apiKey });
    const created = await raw(sandbox.url, '/v1/cards', {
      method: 'POST',
      apiKey,
      headers: dashboard,
      body: { type: 'VIRTUAL' },
    });
    expect([polled.status, sdkRead.status, created.status]).toEqual([200, 200, 200]);
    const ids = [polled, sdkRead, created].map((r) => r.headers.get('x-request-id')!);
    const written = await linesWith(from, ids);

    const levels = Object.fromEntries(
      written
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => entry.msg === 'request')
        .map((entry) => [entry.request_id, entry.level]),
    );
    expect([polled, sdkRead, created].map((r) => levels[r.headers.get('x-request-id')!])).toEqual([
      'debug',
      'info',
      'info',
    ]);
  });

  it('writes every line of its output as a JSON object', async () => {
    const { client } = await sandbox.newAccount();
    const from = output.mark();
    await client.cards.create({ type: 'VIRTUAL' });
    await failure(client.cards.create({ type: 'PHYSICAL' }));
    const missing = await raw(sandbox.url, '/v1/not_simulated');
    const lines = await linesWith(from, [missing.headers.get('x-request-id')!]);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });
});
