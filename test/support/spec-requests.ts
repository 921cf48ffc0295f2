import { randomUUID } from 'node:crypto';
import type { Spec, SpecOperation } from '../../scripts/api-coverage/operations.mjs';

/** A JSON schema as the spec writes it (OpenAPI 3.1), loosely typed: the generator reads what it needs. */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  example?: unknown;
  default?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

/**
 * Values the spec cannot generate because they name objects of this account (a card's token, its
 * PAN, an authorization to clear). Looked up by `operationId.name`, then by `name`; undefined means
 * "generate it from the schema".
 */
export type Fixtures = (name: string, operation: SpecOperation) => Promise<unknown> | undefined;

export interface GeneratedRequest {
  /** What was generated: `minimal body`, `maximal body`, `query state`. */
  variant: string;
  method: string;
  /** The path with its tokens filled in, and the query string. */
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

export function deref(spec: Spec, schema: Schema | undefined): Schema | undefined {
  let node = schema;
  for (let hops = 0; node?.$ref; hops++) {
    if (hops > 20) throw new Error(`A $ref cycle at ${node.$ref}`);
    node = node.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], spec) as Schema;
  }
  if (node?.allOf) {
    const parts = node.allOf.map((part) => deref(spec, part) ?? {});
    return {
      ...node,
      allOf: undefined,
      type: parts.find((p) => p.type)?.type ?? node.type,
      properties: Object.assign({}, ...parts.map((p) => p.properties), node.properties),
      required: [...new Set([...parts.flatMap((p) => p.required ?? []), ...(node.required ?? [])])],
    };
  }
  const choice = node?.oneOf?.[0] ?? node?.anyOf?.[0];
  return choice ? deref(spec, choice) : node;
}

export function parameters(spec: Spec, operation: SpecOperation): Parameter[] {
  const item = spec.paths[operation.path] as { parameters?: Parameter[] };
  const own = (operation.operation.parameters as Parameter[] | undefined) ?? [];
  return [...(item.parameters ?? []), ...own].map((p) => deref(spec, p as Schema) as unknown as Parameter);
}

export function requestSchema(spec: Spec, operation: SpecOperation): Schema | undefined {
  const body = deref(spec, operation.operation.requestBody as Schema | undefined) as
    { content?: Record<string, { schema?: Schema }> } | undefined;
  return deref(spec, body?.content?.['application/json']?.schema);
}

function fits(value: unknown, schema: Schema): boolean {
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) return false;
    if (schema.maxLength !== undefined && value.length > schema.maxLength) return false;
    return !schema.pattern || new RegExp(schema.pattern, 'u').test(value);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return false;
    return schema.maximum === undefined || value <= schema.maximum;
  }
  return false;
}

const FORMATS: Record<string, () => string> = {
  uuid: () => randomUUID(),
  'date-time': () => new Date().toISOString(),
  date: () => new Date().toISOString().slice(0, 10),
  email: () => 'contract@example.com',
  uri: () => 'https://example.com/contract',
  byte: () => Buffer.from('contract test').toString('base64'),
};

function stringFor(schema: Schema): string {
  if (schema.format && FORMATS[schema.format]) return FORMATS[schema.format]();
  // The spec's own example is the most plausible value (an MCC, a country code), when it fits.
  if (typeof schema.example === 'string' && fits(schema.example, schema)) return schema.example;
  const length = Math.max(schema.minLength ?? 0, Math.min(schema.maxLength ?? 13, 13));
  const value = 'contract test'.padEnd(length, 'x').slice(0, length);
  if (!fits(value, schema)) throw new Error(`No value generated for the pattern ${schema.pattern}`);
  return value;
}

function integerFor(schema: Schema): number {
  if (typeof schema.example === 'number' && fits(schema.example, schema)) return schema.example;
  if (typeof schema.default === 'number') return schema.default;
  const value = Math.max(schema.minimum ?? 1, 1);
  return schema.maximum === undefined ? value : Math.min(value, schema.maximum);
}

/**
 * A valid value of `schema`: the first enum value, the format's shape, lengths and bounds kept, an
 * object with its required properties (`full`: every property), an array of one item.
 */
export function valueFor(spec: Spec, schema: Schema | undefined, full: boolean): unknown {
  const node = deref(spec, schema) ?? {};
  if (node.const !== undefined) return node.const;
  if (node.enum) return node.enum.find((v) => v !== null);
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : node.type;
  switch (type ?? (node.properties ? 'object' : 'string')) {
    case 'object':
      return objectFor(spec, node, full);
    case 'array':
      return Array.from({ length: Math.max(node.minItems ?? 1, 1) }, () => valueFor(spec, node.items, full));
    case 'integer':
      return integerFor(node);
    case 'number':
      return integerFor(node);
    case 'boolean':
      return true;
    default:
      return stringFor(node);
  }
}

export function objectFor(spec: Spec, schema: Schema, full: boolean): Record<string, unknown> {
  const names = full ? Object.keys(schema.properties ?? {}) : (schema.required ?? []);
  return Object.fromEntries(names.map((name) => [name, valueFor(spec, schema.properties?.[name], full)]));
}

/** Generated values, with the ones the fixtures know replaced, at the top level of a body. */
async function withFixtures(
  values: Record<string, unknown>,
  operation: SpecOperation,
  fixtures: Fixtures,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) out[name] = (await fixtures(name, operation)) ?? value;
  return out;
}

async function fillPath(spec: Spec, operation: SpecOperation, fixtures: Fixtures): Promise<string> {
  let path = operation.path;
  for (const p of parameters(spec, operation).filter((p) => p.in === 'path')) {
    const value = await fixtures(p.name, operation);
    if (value === undefined)
      throw new Error(`No fixture gives the path parameter ${p.name} (${operation.operationId})`);
    path = path.replace(`{${p.name}}`, encodeURIComponent(String(value)));
  }
  return path;
}

function queryString(query: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    for (const item of Array.isArray(value) ? value : [value]) search.append(name, String(item));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * The requests one operation gets: its minimal body (required properties only), its maximal body
 * (every property, header parameters too), and, one at a time, each optional query parameter.
 * Yielded one at a time, and fixtures run per request, so every request gets fresh objects made
 * just before it is sent (a new authorization to clear, a responder to delete).
 * `omit` takes properties out of the maximal body (those refused on purpose, tested on their own).
 */
export async function* generateRequests(
  spec: Spec,
  operation: SpecOperation,
  fixtures: Fixtures,
  omit: (property: string) => boolean = () => false,
): AsyncGenerator<GeneratedRequest> {
  const params = parameters(spec, operation);
  const schema = requestSchema(spec, operation);
  const requiredQuery = async () =>
    withFixtures(
      Object.fromEntries(
        params
          .filter((p) => p.in === 'query' && p.required)
          .map((p) => [p.name, valueFor(spec, p.schema, false)]),
      ),
      operation,
      fixtures,
    );
  const request = async (variant: string, body: unknown, query: Record<string, unknown>, headers = {}) => ({
    variant,
    method: operation.method.toUpperCase(),
    url: (await fillPath(spec, operation, fixtures)) + queryString(query),
    headers,
    body,
  });
  const bodies = async (full: boolean) => {
    if (!schema) return undefined;
    const generated = objectFor(spec, schema, full);
    for (const name of Object.keys(generated)) if (full && omit(name)) delete generated[name];
    return withFixtures(generated, operation, fixtures);
  };
  const headers = async () =>
    withFixtures(
      Object.fromEntries(
        params.filter((p) => p.in === 'header').map((p) => [p.name, valueFor(spec, p.schema, true)]),
      ),
      operation,
      fixtures,
    );
  yield await request('minimal', await bodies(false), await requiredQuery());
  // Without a body or header parameters, the maximal request would be the minimal one again.
  if (schema || params.some((p) => p.in === 'header'))
    yield await request('maximal', await bodies(true), await requiredQuery(), await headers());
  for (const p of params.filter((p) => p.in === 'query' && !p.required)) {
    const value = (await fixtures(p.name, operation)) ?? valueFor(spec, p.schema, false);
    yield await request(`query ${p.name}`, await bodies(false), {
      ...(await requiredQuery()),
      [p.name]: value,
    });
  }
}

export async function minimalRequest(
  spec: Spec,
  operation: SpecOperation,
  fixtures: Fixtures,
): Promise<GeneratedRequest> {
  const first = await generateRequests(spec, operation, fixtures).next();
  return first.value as GeneratedRequest;
}

/** One property's own request: the minimal body plus that property (or a given value of it). */
export async function requestWithProperty(
  spec: Spec,
  operation: SpecOperation,
  fixtures: Fixtures,
  property: string,
  value?: unknown,
): Promise<GeneratedRequest> {
  const schema = requestSchema(spec, operation);
  if (!schema?.properties?.[property])
    throw new Error(`${operation.operationId}'s request body has no property ${property}`);
  const minimal = await minimalRequest(spec, operation, fixtures);
  const generated =
    value ?? (await fixtures(property, operation)) ?? valueFor(spec, schema.properties[property], true);
  return {
    ...minimal,
    variant: `with ${property}=${JSON.stringify(generated)}`,
    body: { ...(minimal.body as object), [property]: generated },
  };
}

/** A value of the wrong kind for `schema`: what a client's bug sends. */
function wrongValueFor(spec: Spec, schema: Schema | undefined): unknown {
  const node = deref(spec, schema) ?? {};
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : node.type;
  if (node.enum) return 'NOT_IN_THE_ENUM';
  switch (type) {
    case 'integer':
    case 'number':
      return 'not a number';
    case 'boolean':
      return 'not a boolean';
    case 'object':
    case 'array':
      return 'not an object';
    default:
      return node.format ? `not a ${node.format}` : 12345;
  }
}

/** Query values a client's bug sends: the wrong kind, and outside the bounds the spec gives. */
function wrongQueryValues(spec: Spec, schema: Schema | undefined): string[] {
  const node = deref(spec, schema) ?? {};
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : node.type;
  const values = [String(wrongValueFor(spec, node.type === 'array' ? node.items : node))];
  if (type === 'integer' || type === 'number') {
    if (node.minimum !== undefined) values.push(String(node.minimum - 1));
    if (node.maximum !== undefined) values.push(String(node.maximum + 1));
  }
  if (type === 'array') values.push('not.a.type,card.created');
  if (type === 'string' && !node.enum && !node.format) values.push('');
  return values;
}

/**
 * Requests to one operation that are wrong in one way each, for the status check: a path token that
 * is unknown (a fresh UUID) or malformed, each query parameter with a wrong or out-of-range value,
 * each body property of the wrong type, each required property left out, an unknown property, a body
 * that is not JSON, both page cursors at once.
 */
export async function* negativeRequests(
  spec: Spec,
  operation: SpecOperation,
  fixtures: Fixtures,
): AsyncGenerator<GeneratedRequest> {
  const minimal = await minimalRequest(spec, operation, fixtures);
  const [path, query = ''] = minimal.url.split('?');
  const params = parameters(spec, operation);
  const schema = requestSchema(spec, operation);
  const method = operation.method.toUpperCase();
  const variant = (what: string, url: string, body: unknown = minimal.body, headers = {}) => ({
    variant: what,
    method,
    url,
    headers,
    body,
  });
  const withQuery = (name: string, value: string) => {
    const search = new URLSearchParams(query);
    search.set(name, value);
    return `${path}?${search.toString()}`;
  };
  // The path as the minimal request filled it, segment by segment: each token is replaced in turn.
  const template = operation.path.split('/');
  const filled = path.split('/');
  for (const [i, segment] of template.entries()) {
    if (!/^\{.+\}$/.test(segment)) continue;
    for (const token of [randomUUID(), 'not-a-token']) {
      const url = filled.map((part, j) => (j === i ? token : part)).join('/');
      yield variant(`path ${segment}=${token}`, query ? `${url}?${query}` : url);
    }
  }
  for (const p of params.filter((p) => p.in === 'query')) {
    for (const value of wrongQueryValues(spec, p.schema))
      yield variant(`query ${p.name}=${JSON.stringify(value)}`, withQuery(p.name, value));
    if (p.name === 'starting_after' || p.name === 'ending_before')
      yield variant(`query ${p.name}=(an unknown token)`, withQuery(p.name, randomUUID()));
  }
  if (method === 'POST') {
    // The same key with another body: the first request is sent as it is, the second must be refused.
    const key = { 'idempotency-key': randomUUID() };
    yield variant('an Idempotency-Key, first use', minimal.url, minimal.body, key);
    const other = { ...((minimal.body as object | undefined) ?? {}), memo: 'another body' };
    yield variant('the same Idempotency-Key with another body', minimal.url, other, key);
  }
  const names = params.map((p) => p.name);
  if (names.includes('starting_after') && names.includes('ending_before')) {
    const both = `${path}?${new URLSearchParams({ starting_after: randomUUID(), ending_before: randomUUID() })}`;
    yield variant('query starting_after and ending_before', both);
  }
  if (!schema?.properties) return;
  const body = minimal.body as Record<string, unknown>;
  for (const [name, property] of Object.entries(schema.properties))
    yield variant(`body ${name} of the wrong type`, minimal.url, {
      ...body,
      [name]: wrongValueFor(spec, property),
    });
  for (const name of schema.required ?? []) {
    const { [name]: _left, ...rest } = body;
    yield variant(`body without ${name}`, minimal.url, rest);
  }
  yield variant('body with an unknown property', minimal.url, { ...body, not_a_property: 1 });
  yield variant('body that is not JSON', minimal.url, '{"not json', { 'content-type': 'application/json' });
}
