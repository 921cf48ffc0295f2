import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { raw } from './support/http.js';
import { SLOW_MS, startSandbox, testDatabase, type TestSandbox } from './support/sandbox.js';

/**
 * The standing fuzz suite: hostile requests to every operation of the app's own OpenAPI document,
 * generated with fast-check. Whatever is sent, the answer is never a 5xx and never a hang, every
 * 4xx is Lithic's error body (Privacy's on its own routes), and a 400 names a field of the operation.
 *
 * FUZZ_SEED=<n> replays a run (the seed is printed at the start); FUZZ_CASES sets the number of
 * requests (default 5,000).
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
const CASES = Number(process.env.FUZZ_CASES ?? 5000);
/** Requests in flight at once: one property run sends a batch of this many concurrently. */
const CONCURRENCY = 6;
const REQUEST_TIMEOUT_MS = 15_000;

interface Schema {
  type?: string;
  enum?: unknown[];
  items?: Schema;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  example?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  $ref?: string;
}

interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  query: { name: string; schema: Schema; required: boolean }[];
  body?: { properties: Record<string, Schema>; required: string[] };
}

/** What one generated request is; `fields` are the names a 400 about it may name. */
interface FuzzCase {
  /** `METHOD /path/{template}` */
  operation: string;
  method: string;
  path: string;
  contentType?: string;
  idempotencyKey?: string;
  body?: string;
  fields: string[];
}

/**
 * Operations that wipe or close the caller's account run as a second account, so the tokens below
 * stay valid for the rest of the run.
 */
const DESTRUCTIVE = new Set([
  'POST /sandbox/reset',
  'POST /sandbox/restore',
  'DELETE /sandbox/accounts/{account_token}',
  'PATCH /v1/accounts/{account_token}',
]);

/**
 * Fault injection makes the caller's own later requests fail, drop or wait on purpose: those
 * operations run as a third account that sends nothing else.
 */
const FAULTS = new Set([
  'POST /sandbox/faults',
  'GET /sandbox/faults',
  'DELETE /sandbox/faults',
  'DELETE /sandbox/faults/{fault_token}',
]);

/** Tokens and card data of the fuzzing account, so some requests get past validation. */
interface Known {
  apiKey: string;
  /** The second account's key, for DESTRUCTIVE operations. */
  scratchKey: string;
  scratchToken: string;
  /** The third account's key and token, for FAULTS operations. */
  faultsKey: string;
  faultsToken: string;
  /** Answers 204 to anything: webhook deliveries and responder calls succeed at once, without retries. */
  sinkUrl: string;
  accountToken: string;
  cardToken: string;
  pan: string;
  transactionToken: string;
  eventToken: string;
  subscriptionToken: string;
}

describe(`fuzzing every operation on the ${testDatabase()} database`, () => {
  let sandbox: TestSandbox;
  let operations: Operation[];
  let known: Known;
  let sink: Server;

  beforeAll(async () => {
    process.stdout.write(`fuzz: seed ${SEED} (rerun with FUZZ_SEED=${SEED}), ${CASES} requests\n`);
    sink = createServer((request, response) => {
      request.resume();
      response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    sandbox = await startSandbox();
    operations = readOperations((await raw(sandbox.url, '/docs/openapi.json')).body as OpenApi);
    known = await seed(sandbox, `http://127.0.0.1:${(sink.address() as AddressInfo).port}/hook`);
  }, SLOW_MS);
  afterAll(async () => {
    // The accounts go with their subscriptions: no delivery of theirs outlives the run.
    if (known) {
      await raw(sandbox.url, `/sandbox/accounts/${known.accountToken}`, {
        method: 'DELETE',
        apiKey: known.apiKey,
      });
      await raw(sandbox.url, `/sandbox/accounts/${known.scratchToken}`, {
        method: 'DELETE',
        apiKey: known.scratchKey,
      });
      await raw(sandbox.url, `/sandbox/accounts/${known.faultsToken}`, {
        method: 'DELETE',
        apiKey: known.faultsKey,
      });
    }
    await sandbox?.close();
    sink?.close();
  }, SLOW_MS);

  it('lists every controller in the OpenAPI document it fuzzes', () => {
    const paths = new Set(operations.map((o) => o.path));
    for (const path of [
      '/v1/cards',
      '/v1/cards/{card_token}',
      '/v1/accounts/{account_token}',
      '/v1/simulate/authorize',
      '/v1/transactions',
      '/v1/event_subscriptions/{event_subscription_token}',
      '/v1/events/{event_token}',
      '/v1/responder_endpoints',
      '/sandbox/clock/advance',
      '/sandbox/restore',
    ])
      expect(paths).toContain(path);
  });

  it(
    `answers ${CASES} hostile requests without a 5xx or a hang, every 400 naming a field`,
    async () => {
      let sent = 0;
      const statuses = new Map<number, number>();
      const batch = fc.array(
        fc.constantFrom(...operations).chain((operation) => fuzzCase(operation, known)),
        { minLength: CONCURRENCY, maxLength: CONCURRENCY },
      );
      const property = fc.asyncProperty(batch, async (cases) => {
        const problems = await Promise.all(
          cases.map(async (c) => {
            sent++;
            const key = DESTRUCTIVE.has(c.operation)
              ? known.scratchKey
              : FAULTS.has(c.operation)
                ? known.faultsKey
                : known.apiKey;
            const answer = await send(sandbox.url, key, c);
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            return problem(c, answer);
          }),
        );
        const first = problems.find(Boolean);
        if (first) throw new Error(first);
      });
      // On a failure fast-check shrinks the batch and prints the seed and path that replay it.
      await fc.assert(property, { seed: SEED, numRuns: Math.ceil(CASES / CONCURRENCY) });
      const tally = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`);
      process.stdout.write(`fuzz: ${sent} requests sent; answers ${tally.join(', ')}\n`);
      expect(sent).toBeGreaterThanOrEqual(CASES);
      // And the sandbox still answers.
      expect((await raw(sandbox.url, '/v1/cards', { apiKey: known.apiKey })).status).toBe(200);
    },
    10 * 60_000,
  );
});

interface Answer {
  status: number;
  requestId: string | null;
  body: unknown;
  timedOut: boolean;
}

/** Privacy.com's own routes: called as its clients call them, answering its `{message}` body. */
const isPrivacy = (operation: string) =>
  /^[A-Z]+ \/v1\/(card|fundingsource(\/.*)?|transaction\/.*)$/.test(operation);

async function send(baseUrl: string, apiKey: string, c: FuzzCase): Promise<Answer> {
  const headers: Record<string, string> = {
    authorization: isPrivacy(c.operation) ? `api-key ${apiKey}` : apiKey,
  };
  if (c.contentType !== undefined) headers['content-type'] = c.contentType;
  if (c.idempotencyKey !== undefined) headers['idempotency-key'] = c.idempotencyKey;
  try {
    const response = await fetch(`${baseUrl}${c.path}`, {
      method: c.method,
      headers,
      body: c.body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return {
      status: response.status,
      requestId: response.headers.get('x-request-id'),
      body,
      timedOut: false,
    };
  } catch (error) {
    if ((error as Error).name !== 'TimeoutError') throw error;
    return { status: 0, requestId: null, body: undefined, timedOut: true };
  }
}

/** Why the answer is wrong, or undefined. */
function problem(c: FuzzCase, answer: Answer): string | undefined {
  const what = `${c.method} ${c.path.slice(0, 300)}${c.body !== undefined ? ` body ${c.body.slice(0, 300)}` : ''}`;
  if (answer.timedOut) return `${what}: no answer within ${REQUEST_TIMEOUT_MS} ms`;
  if (answer.status >= 500) return `${what}: ${answer.status} ${JSON.stringify(answer.body)}`;
  if (answer.status < 400) return undefined;
  const body = answer.body as { debugging_request_id?: unknown; message?: unknown };
  // A head too large to parse (431) is answered before any route is known: Lithic's body everywhere.
  if (isPrivacy(c.operation) && answer.status !== 431) {
    if (typeof body !== 'object' || body === null || Object.keys(body).join() !== 'message' || !body.message)
      return `${what}: ${answer.status} without Privacy's error body: ${JSON.stringify(answer.body)}`;
  } else if (
    typeof body !== 'object' ||
    body === null ||
    body.debugging_request_id !== answer.requestId ||
    typeof body.message !== 'string' ||
    body.message.length === 0
  )
    return `${what}: ${answer.status} without Lithic's error body: ${JSON.stringify(answer.body)}`;
  if (answer.status === 400 && !c.fields.some((field) => names(body.message as string, field)))
    return `${what}: 400 "${body.message}" names none of ${c.fields.join(', ')}`;
  return undefined;
}

/**
 * Whether the message names the field: as it is, JSON-escaped (how messages write odd keys), or
 * percent-encoded as sent (a query key that is not UTF-8 stays undecoded).
 */
function names(message: string, field: string): boolean {
  return [field, JSON.stringify(field).slice(1, -1), encode(field)].some((form) => message.includes(form));
}

// ---- The operations, from the app's own OpenAPI document ----

interface OpenApi {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, Schema> };
}

interface OpenApiOperation {
  parameters?: { in: string; name: string; required?: boolean; schema: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

function readOperations(document: OpenApi): Operation[] {
  const resolve = (schema: Schema): Schema =>
    schema.$ref ? document.components.schemas[schema.$ref.split('/').pop()!] : schema;
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      const bodySchema = operation.requestBody?.content['application/json']?.schema;
      const body = bodySchema ? resolve(bodySchema) : undefined;
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
        query: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: p.schema, required: Boolean(p.required) })),
        body: body && { properties: body.properties ?? {}, required: body.required ?? [] },
      });
    }
  }
  return operations;
}

// ---- Generators ----

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
const control = fc.integer({ min: 0, max: 0x1f }).map((n) => String.fromCharCode(n));

/** Strings a careless server chokes on. */
const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: codeUnit, maxLength: 12 }), // lone surrogates and everything else
  fc.string({ unit: control, minLength: 1, maxLength: 6 }),
  fc.string({ maxLength: 8 }).map((s) => `${s}\u0000${s}`),
  fc.constantFrom('\ud800', '\udfff', 'a\udc00b', '\u0000', '\u{1F600}', '\uFEFF', '\u202E'),
  fc.constantFrom(100, 256, 2049, 10_000, 100_000).map((n) => 'a'.repeat(n)),
  fc.constantFrom('', ' ', 'null', 'undefined', 'NaN', '-1', '1e400', '0x10', "' OR 1=1 --", '%00', '../'),
  fc.constantFrom('UNKNOWN', 'open', 'VIRTUAL ', 'card.created\u0000', 'P-1D', 'P300000Y', 'PT'),
  fc.string({ maxLength: 30 }),
);

/** Numbers past every limit: huge, negative, fractional, and ones JSON rounds. */
const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-1, -0, 0.5, 1.5, 2 ** 31, 2 ** 53, 2 ** 53 + 2, 1e15, 1e300, -1e300, Number.MAX_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

function nested(depth: number, leaf: unknown, asArray: boolean): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
}

/** Any JSON value of the wrong shape: other types, nesting near and past the depth limit. */
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: hostileNumber, weight: 3 },
  fc.constantFrom(null, true, false, [], {}),
  fc.array(fc.oneof(hostileString, hostileNumber), { maxLength: 4 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
  fc
    .tuple(fc.integer({ min: 2, max: 60 }), fc.boolean())
    .map(([depth, asArray]) => nested(depth, 1, asArray)),
);

/** A valid value for the field when the fuzzer knows one, so requests also get past validation. */
function validValue(name: string, schema: Schema, known: Known): fc.Arbitrary<unknown> | undefined {
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  if (schema.type === 'array' && schema.items?.enum)
    return fc.subarray(schema.items.enum as unknown[], { maxLength: 3 });
  if (schema.type === 'boolean') return fc.boolean();
  if (schema.type === 'number' || schema.type === 'integer')
    return fc.integer({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 100_000, 100_000) });
  switch (name) {
    case 'pan':
      return fc.constant(known.pan);
    case 'token':
      return fc.constantFrom(known.transactionToken, known.cardToken);
    case 'card_token':
      return fc.constant(known.cardToken);
    case 'account_token':
      return fc.constant(known.accountToken);
    case 'card_program_token':
      return fc.constant('00000000-0000-0000-1000-000000000000');
    case 'url':
      // Deliveries and responder calls must not wait on the network: the sink, or a closed port.
      return fc.constantFrom(known.sinkUrl, 'http://127.0.0.1:9/hook');
    case 'duration':
      return fc.constantFrom('P1D', 'PT1H', 'P1M', 'P2W');
    case 'begin':
    case 'end':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2200-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'starting_after':
    case 'ending_before':
      return fc.constantFrom(known.cardToken, known.eventToken);
  }
  if (schema.example !== undefined) return fc.constant(schema.example);
  if (schema.type === 'string') return fc.string({ maxLength: Math.min(schema.maxLength ?? 20, 20) });
  return undefined;
}

/** A hostile value for a field: any JSON of the wrong shape, or a UUID where none belongs. */
const hostileField = fc.oneof(
  { arbitrary: hostileJson, weight: 6 },
  { arbitrary: fc.uuid({ version: [1, 4, 7, 8, 9, 15] }), weight: 1 },
);

interface Field {
  name: string;
  schema: Schema;
  required: boolean;
}

/**
 * A request's fields as a valid base (required ones always, optional ones at random) with at most
 * one mutation: a field made hostile, a field dropped, or an unknown field added. Most requests
 * fail validation on that one field; the rest get through to the use cases.
 */
function fieldsWithOneMutation(fields: Field[], known: Known): fc.Arbitrary<[string, unknown][]> {
  const base = fc.tuple(
    ...fields.map((f) => {
      const valid = validValue(f.name, f.schema, known) ?? hostileField;
      return f.required ? valid : fc.option(valid, { nil: undefined });
    }),
  );
  const index = fc.nat(Math.max(fields.length - 1, 0));
  const mutation = fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 2 },
    ...(fields.length
      ? [
          { arbitrary: fc.tuple(index, hostileField).map(([i, value]) => ({ i, value })), weight: 6 },
          { arbitrary: index.map((i) => ({ i, value: undefined })), weight: 1 },
        ]
      : []),
    { arbitrary: fc.tuple(hostileString, hostileJson).map(([name, value]) => ({ name, value })), weight: 1 },
  );
  return fc.tuple(base, mutation).map(([values, change]) => {
    const entries: [string, unknown][] = fields.map((f, i) => [f.name, values[i]]);
    if (change && 'i' in change) entries[change.i] = [fields[change.i].name, change.value];
    if (change && 'name' in change) entries.push([change.name, change.value]);
    return entries.filter(([, value]) => value !== undefined);
  });
}

/**
 * Whether the URL parser sends this value as the segment it was given. It drops "." and ".."
 * (and their %2E spellings), so such a value reaches another route: no path parameter at all.
 */
function survivesUrlParsing(value: string): boolean {
  const path = `/x/${encode(value)}/y`;
  return new URL(path, 'http://sandbox.test').pathname === path;
}

/** Path parameters: real tokens, other UUIDs, and hostile strings. */
function pathValue(name: string, known: Known): fc.Arbitrary<string> {
  const real: Record<string, string> = {
    card_token: known.cardToken,
    transaction_token: known.transactionToken,
    event_token: known.eventToken,
    event_subscription_token: known.subscriptionToken,
  };
  // The account's own token is left out: DELETE /sandbox/accounts/{it} would end the run.
  return fc.oneof(
    ...(real[name] ? [{ arbitrary: fc.constant(real[name]), weight: 3 }] : []),
    { arbitrary: fc.uuid({ version: [1, 4, 7, 8, 9, 15] }), weight: 1 },
    { arbitrary: hostileString.filter(survivesUrlParsing), weight: 3 },
  );
}

/** Percent-encodes as clients do, a lone surrogate included (as the UTF-8 bytes of its code point). */
function encode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    } else {
      out += encodeURIComponent(char);
    }
  }
  return out;
}

function queryText(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')));
  return [typeof value === 'string' ? value : (JSON.stringify(value) ?? '')];
}

/** Raw bodies that are not a JSON object: broken, empty, nested far too deep, or poisoned. */
const rawBody = fc.oneof(
  fc.constantFrom('', ' ', '{', '{"a":', '[', 'null', '"x"', '5', 'true', '[{}]', '{"a":1,}', "{'a':1}"),
  fc.constantFrom('{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}', '\u0000', '\ufeff{}'),
  fc.integer({ min: 30, max: 40 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.constantFrom(5_000, 50_000).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.constantFrom(5_000, 50_000).map((n) => '['.repeat(n)),
);

const otherContentType = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/vnd.api+json',
  '',
);

function fuzzCase(operation: Operation, known: Known): fc.Arbitrary<FuzzCase> {
  const path = fc.tuple(...operation.pathParams.map((name) => pathValue(name, known))).map((values) => ({
    path: operation.pathParams.reduce(
      (p, name, i) => p.replace(`{${name}}`, encode(values[i])),
      operation.path,
    ),
    // A 400 about a resource's state names it by its token, a part of the path ("... ep_x is disabled").
    tokens: values.filter((value) => /^[\w-]{8,}$/.test(value)),
  }));
  const query = fieldsWithOneMutation(operation.query, known).map((entries) =>
    entries.flatMap(([name, value]) => queryText(value).map((text): [string, string] => [name, text])),
  );
  const body = operation.body ? bodyArbitrary(operation.body, known) : fc.constant(undefined);
  const allFields = [
    ...operation.pathParams,
    ...operation.query.map((q) => q.name),
    ...Object.keys(operation.body?.properties ?? {}),
    'body',
    'path',
    'Idempotency-Key',
  ];
  // Printable ASCII only: fetch refuses other header values before sending.
  const idempotencyKey =
    operation.method === 'POST'
      ? fc.option(
          fc.oneof(fc.string({ unit: 'grapheme-ascii', maxLength: 40 }), fc.constant('k'.repeat(300))),
          {
            nil: undefined,
            freq: 4,
          },
        )
      : fc.constant(undefined);
  return fc.tuple(path, query, body, idempotencyKey).map(([{ path: p, tokens }, pairs, b, key]) => ({
    operation: `${operation.method} ${operation.path}`,
    method: operation.method,
    path: pairs.length ? `${p}?${pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&')}` : p,
    contentType: b?.contentType,
    idempotencyKey: key,
    body: b?.text,
    fields: [...allFields, ...tokens, ...pairs.map(([k]) => k), ...(b?.extraFields ?? [])],
  }));
}

function bodyArbitrary(
  schema: NonNullable<Operation['body']>,
  known: Known,
): fc.Arbitrary<{ text: string; contentType: string; extraFields: string[] } | undefined> {
  const fields = Object.entries(schema.properties).map(([name, property]) => ({
    name,
    schema: property,
    required: schema.required.includes(name),
  }));
  const object = fieldsWithOneMutation(fields, known).map((entries) => {
    const body: Record<string, unknown> = {};
    // defineProperty: a generated "__proto__" must become a key, not the object's prototype.
    for (const [name, value] of entries) Object.defineProperty(body, name, { value, enumerable: true });
    return {
      text: JSON.stringify(body),
      contentType: 'application/json',
      extraFields: entries.map(([name]) => name),
    };
  });
  return fc.oneof(
    { arbitrary: object, weight: 12 },
    {
      arbitrary: rawBody.map((text) => ({ text, contentType: 'application/json', extraFields: [] })),
      weight: 2,
    },
    {
      arbitrary: fc
        .tuple(otherContentType, fc.constantFrom('{}', 'a=b', '<a/>'))
        .map(([contentType, text]) => ({ text, contentType, extraFields: [] })),
      weight: 1,
    },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
}

/** A card with a transaction and an event, and a subscription: real tokens for the generators. */
async function seed(sandbox: TestSandbox, sinkUrl: string): Promise<Known> {
  const { apiKey, accountToken, client } = await sandbox.newAccount();
  const scratch = await sandbox.newAccount();
  const faults = await sandbox.newAccount();
  const card = await client.cards.create({ type: 'VIRTUAL', memo: 'fuzz' });
  const subscription = await client.events.subscriptions.create({ url: sinkUrl });
  const authorization = await raw(sandbox.url, '/v1/simulate/authorize', {
    method: 'POST',
    apiKey,
    body: { amount: 100, descriptor: 'FUZZ', pan: card.pan },
  });
  const events = await raw(sandbox.url, '/v1/events', { apiKey });
  return {
    apiKey,
    scratchKey: scratch.apiKey,
    scratchToken: scratch.accountToken,
    faultsKey: faults.apiKey,
    faultsToken: faults.accountToken,
    sinkUrl,
    accountToken,
    cardToken: card.token,
    pan: card.pan!,
    transactionToken: (authorization.body as { token: string }).token,
    eventToken: (events.body as { data: { token: string }[] }).data[0].token,
    subscriptionToken: subscription.token,
  };
}
