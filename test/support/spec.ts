import { readFileSync } from 'node:fs';
import { expect } from '@jest/globals';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import YAML from 'yaml';

/**
 * The official Lithic OpenAPI 3.1 spec, beside the contract. A missing file throws on first use, so
 * a test that validates against it fails instead of skipping.
 */
export const SPEC_URL = new URL('../../spec/lithic-openapi.yml', import.meta.url);

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

interface ResponseObject {
  $ref?: string;
  content?: Record<string, { schema?: unknown }>;
}

let cached: { spec: Record<string, unknown>; ajv: Ajv2020 } | undefined;
const validators = new Map<string, ValidateFunction>();

function load(): { spec: Record<string, unknown>; ajv: Ajv2020 } {
  if (cached) return cached;
  const spec = YAML.parse(readFileSync(SPEC_URL, 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  formats.default(ajv);
  ajv.addSchema({ ...spec, $id: 'lithic' });
  cached = { spec, ajv };
  return cached;
}

/** `/` is `~1` and `~` is `~0` in a JSON pointer. */
function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function at(document: unknown, pointer: string): unknown {
  return pointer
    .replace(/^#\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
}

/**
 * The validator of a response body as the spec describes it: `path` as written in the spec
 * (`/v1/cards/{card_token}`), following `$ref`s into `components/responses`.
 */
export function responseValidator(path: string, method: Method, status: number): ValidateFunction {
  const id = `${method} ${path} ${status}`;
  const hit = validators.get(id);
  if (hit) return hit;
  const { spec, ajv } = load();
  let pointer = `#/paths/${escape(path)}/${method}/responses/${status}`;
  let response = at(spec, pointer) as ResponseObject | undefined;
  if (!response) throw new Error(`The spec has no ${status} response for ${method.toUpperCase()} ${path}`);
  if (response.$ref) {
    pointer = response.$ref;
    response = at(spec, pointer) as ResponseObject | undefined;
  }
  if (!response?.content?.['application/json']?.schema)
    throw new Error(`The spec's ${status} response for ${method.toUpperCase()} ${path} has no JSON schema`);
  const validate = ajv.compile({ $ref: `lithic${pointer}/content/application~1json/schema` });
  validators.set(id, validate);
  return validate;
}

/** Asserts that a response body matches the spec, listing every violation when it does not. */
export function expectMatchesSpec(body: unknown, path: string, method: Method, status = 200): void {
  const validate = responseValidator(path, method, status);
  const valid = validate(body);
  const problems = (validate.errors ?? []).map(
    (e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
  expect({ valid, problems }).toEqual({ valid: true, problems: [] });
}

/** Asserts that a webhook body matches the request schema of its type in the spec's `webhooks`. */
export function expectWebhookMatchesSpec(body: unknown, eventType: string): void {
  const id = `webhook ${eventType}`;
  let validate = validators.get(id);
  if (!validate) {
    const { spec, ajv } = load();
    const pointer = `#/webhooks/${escape(eventType)}/post/requestBody/content/application~1json/schema`;
    if (!at(spec, pointer)) throw new Error(`The spec has no webhook ${eventType}`);
    validate = ajv.compile({ $ref: `lithic${pointer}` });
    validators.set(id, validate);
  }
  const valid = validate(body);
  const problems = (validate.errors ?? []).map(
    (e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
  expect({ eventType, valid, problems }).toEqual({ eventType, valid: true, problems: [] });
}
