import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  fetchServedRoutes,
  implementedOperations,
  loadSpec,
  type SpecOperation,
} from '../scripts/api-coverage/operations.mjs';
import { raw, type RawResponse } from './support/http.js';
import { SLOW_MS, startSandbox, testDatabase, type TestSandbox } from './support/sandbox.js';
import { responseValidator } from './support/spec.js';
import {
  deref,
  generateRequests,
  negativeRequests,
  minimalRequest,
  requestWithProperty,
  type GeneratedRequest,
  type Schema,
} from './support/spec-requests.js';
import { Receiver } from './support/webhooks.js';
import { accountFixtures } from './support/spec-fixtures.js';

const spec = loadSpec();

/**
 * A request the sandbox refuses on purpose or by a known defect: `property` (with the generated value,
 * or `value`) sent on top of the minimal body, or, without a property, the minimal body itself. Each is
 * sent on its own and must still get `status`, so an entry that starts passing fails the suite and the
 * tables only shrink.
 */
interface Refusal {
  operationId: string;
  property?: string;
  value?: unknown;
  status: number;
  why: string;
}

/** Properties of Lithic's spec the sandbox should accept and does not yet: none left (issue 13). */
const KNOWN_GAPS: Refusal[] = [];

/** Refusals that are the sandbox's honest limits, not defects: keep this list as short as it is true. */
const ALLOWED_REFUSALS: Refusal[] = [
  {
    operationId: 'postCards',
    property: 'type',
    value: 'PHYSICAL',
    status: 400,
    why: 'a PHYSICAL card cannot be fulfilled without a shipping_address (renew and convert_physical require one)',
  },
  {
    operationId: 'postResponderEndpoints',
    status: 400,
    why: 'the spec marks neither url nor type required, but a responder without them cannot be enrolled',
  },
  {
    operationId: 'sendEventSubscriptionExample',
    property: 'event_type',
    value: 'account_holder_document.updated',
    status: 400,
    why: 'the sandbox has examples only of the events it emits (card.*, card_transaction.updated)',
  },
  {
    operationId: 'getEnhancedTransactionData',
    status: 400,
    why: 'no simulated merchant sends L2/L3 data, so no event has any (its transaction lists none)',
  },
  ...['postCardProvision', 'postCardWebProvision'].map((operationId) => ({
    operationId,
    status: 400,
    why: 'the spec marks nothing required, but a payload is made for one wallet: digital_wallet is required',
  })),
];

const REFUSALS = [...KNOWN_GAPS, ...ALLOWED_REFUSALS];

/** Left out of the maximal body: refused properties are sent on their own, by the refusal tests. */
const refusedProperty = (operationId: string, property: string) =>
  REFUSALS.some((r) => r.operationId === operationId && r.property === property && r.value === undefined);
const refusedMinimal = (operationId: string) =>
  REFUSALS.some((r) => r.operationId === operationId && r.property === undefined);

/**
 * An Idempotency-Key reused with another body is a 409 (x-should-retry: false) on every POST, as the
 * sandbox's contract decides; every other wrong request answers a status its spec entry lists.
 */
const REUSED_KEY = 'the same Idempotency-Key with another body';

/** Statuses any operation may answer besides those its spec entry lists. */
const ALWAYS_ALLOWED = new Set([401, 429]);

function allowedStatuses(operation: SpecOperation): Set<number> {
  return new Set([...Object.keys(operation.operation.responses as object).map(Number), ...ALWAYS_ALLOWED]);
}

/** What is wrong with one answer: its status, or its body against the spec's schema for that status. */
function problemsOf(operation: SpecOperation, request: GeneratedRequest, response: RawResponse): string[] {
  const where = `${operation.operationId} ${request.variant}: ${request.method} ${request.url} -> ${response.status}`;
  const problems: string[] = [];
  if (!allowedStatuses(operation).has(response.status) && response.status < 500)
    problems.push(`${where}: the spec lists no ${response.status} for this operation`);
  if (response.status < 200 || response.status > 299)
    return [...problems, `${where} ${response.text.slice(0, 300)}`];
  const declared = deref(
    spec,
    (operation.operation.responses as Record<string, Schema>)[String(response.status)],
  ) as { content?: Record<string, { schema?: unknown }> } | undefined;
  if (!declared?.content?.['application/json']?.schema) {
    // A document the spec describes in another type (the embedded card page's text/html).
    const type = response.headers.get('content-type')?.split(';')[0] ?? '';
    if (type && declared?.content?.[type]) return problems;
    if (response.text !== '')
      problems.push(`${where}: the spec describes no body, got ${response.text.slice(0, 200)}`);
    return problems;
  }
  const validate = responseValidator(operation.path, operation.method, response.status);
  if (!validate(response.body))
    problems.push(
      `${where}: body does not match the spec: ${(validate.errors ?? [])
        .slice(0, 5)
        .map((e) => `${e.instancePath || '(root)'} ${e.message} ${JSON.stringify(e.params)}`)
        .join('; ')}`,
    );
  return problems;
}

describe(`every implemented Lithic operation, with requests generated from the spec, on the ${testDatabase()} database`, () => {
  let sandbox: TestSandbox;
  let receiver: Receiver;
  let operations: SpecOperation[];
  /** Requests sent, by what they test, printed at the end. */
  const sent = new Map<string, number>();

  beforeAll(async () => {
    sandbox = await startSandbox();
    receiver = await Receiver.start();
    operations = implementedOperations(spec, await fetchServedRoutes(sandbox.url));
  }, SLOW_MS);
  afterAll(async () => {
    await sandbox?.close();
    await receiver?.stop();
    console.log(
      `spec-contract on ${operations?.length} operations, requests sent: ${JSON.stringify(Object.fromEntries(sent))}`,
    );
  }, SLOW_MS);

  async function send(apiKey: string, request: GeneratedRequest, label: string): Promise<RawResponse> {
    sent.set(label, (sent.get(label) ?? 0) + 1);
    return raw(sandbox.url, request.url, {
      method: request.method,
      apiKey,
      body: request.body,
      headers: request.headers,
    });
  }

  it(
    'answers every generated request to every implemented operation with a 2xx the spec describes',
    async () => {
      expect(operations.length).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const operation of operations) {
        const { apiKey, fixtures } = await accountFixtures(sandbox, receiver.url, operation.method === 'get');
        const omit = (property: string) => refusedProperty(operation.operationId, property);
        for await (const request of generateRequests(spec, operation, fixtures, omit)) {
          if (request.variant === 'minimal' && refusedMinimal(operation.operationId)) continue;
          problems.push(...problemsOf(operation, request, await send(apiKey, request, 'generated')));
        }
      }
      expect(problems).toEqual([]);
    },
    SLOW_MS,
  );

  it(
    'answers every wrong request to every implemented operation with a status its spec entry lists (or 401/429; 409 for a reused Idempotency-Key), never a 5xx',
    async () => {
      const problems: string[] = [];
      let count = 0;
      for (const operation of operations) {
        const { apiKey, fixtures } = await accountFixtures(sandbox, receiver.url, operation.method === 'get');
        for await (const request of negativeRequests(spec, operation, fixtures)) {
          const response = await send(apiKey, request, 'negative');
          count++;
          const reusedKey = request.variant === REUSED_KEY && response.status === 409;
          if (response.status >= 500 || (!allowedStatuses(operation).has(response.status) && !reusedKey))
            problems.push(
              `${operation.operationId} ${request.variant}: ${request.method} ${request.url} -> ${response.status} ${response.text.slice(0, 160)}`,
            );
        }
      }
      expect(count).toBeGreaterThan(operations.length * 2);
      expect(problems).toEqual([]);
    },
    SLOW_MS,
  );

  /** Sends each refusal on its own; the answers must be the listed statuses, and statuses the spec lists. */
  async function expectRefused(table: Refusal[], name: string): Promise<void> {
    const describeRefusal = (r: Refusal) =>
      `${r.operationId} ${r.property ?? '(minimal body)'}${r.value === undefined ? '' : `=${String(r.value)}`}`;
    console.log(
      `${name} (${table.length}):\n${table.map((r) => `  ${describeRefusal(r)} -> ${r.status}: ${r.why}`).join('\n')}`,
    );
    const answers: string[] = [];
    for (const refusal of table) {
      const operation = operations.find((op) => op.operationId === refusal.operationId);
      if (!operation)
        throw new Error(`${name} names ${refusal.operationId}, which the sandbox does not implement`);
      const { apiKey, fixtures } = await accountFixtures(sandbox, receiver.url);
      const request = refusal.property
        ? await requestWithProperty(spec, operation, fixtures, refusal.property, refusal.value)
        : await minimalRequest(spec, operation, fixtures);
      const response = await send(apiKey, request, name);
      const listed = allowedStatuses(operation).has(response.status)
        ? ''
        : ' (a status the spec does not list)';
      answers.push(`${describeRefusal(refusal)} -> ${response.status}${listed}`);
    }
    expect(answers).toEqual(table.map((r) => `${describeRefusal(r)} -> ${r.status}`));
  }

  it(
    'still refuses each of the KNOWN_GAPS (remove a gap from the table once it passes)',
    () => expectRefused(KNOWN_GAPS, 'KNOWN_GAPS'),
    SLOW_MS,
  );

  it(
    'refuses exactly the ALLOWED_REFUSALS, with their statuses',
    () => expectRefused(ALLOWED_REFUSALS, 'ALLOWED_REFUSALS'),
    SLOW_MS,
  );

  it('fails a body of the wrong type: the response validation is strict enough to catch it', async () => {
    const { apiKey } = await sandbox.newAccount();
    const created = await raw(sandbox.url, '/v1/cards', {
      method: 'POST',
      apiKey,
      body: { type: 'VIRTUAL' },
    });
    const validate = responseValidator('/v1/cards', 'post', 200);
    expect(validate(created.body)).toBe(true);
    const doctored = {
      ...(created.body as object),
      spend_limit: String((created.body as { spend_limit: number }).spend_limit),
    };
    expect(validate(doctored)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain('/spend_limit');
    const { state: _state, ...missingState } = created.body as Record<string, unknown>;
    expect(validate(missingState)).toBe(false);
    // The sweep's own check reports both a doctored body and a status the spec does not list.
    const postCards = operations.find((op) => op.operationId === 'postCards')!;
    const request = { variant: 'doctored', method: 'POST', url: '/v1/cards', headers: {} };
    const answer = (status: number, body: unknown) => ({
      ...created,
      status,
      body,
      text: JSON.stringify(body),
    });
    expect(problemsOf(postCards, request, answer(200, created.body))).toEqual([]);
    expect(problemsOf(postCards, request, answer(200, doctored))).toEqual([
      expect.stringContaining('/spend_limit must be integer'),
    ]);
    expect(problemsOf(postCards, request, answer(409, {}))).toEqual([
      expect.stringContaining('the spec lists no 409'),
      expect.stringContaining('-> 409'),
    ]);
  });
});
