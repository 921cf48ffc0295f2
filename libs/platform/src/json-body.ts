import { DomainError } from '#domain';

/** Bodies larger than this are refused before parsing (413). */
export const BODY_LIMIT_BYTES = 1024 * 1024;
/**
 * Objects and arrays nested deeper than this are refused before parsing. Lithic's bodies nest two
 * levels; a recursive validator (class-transformer) overflows the stack a few thousand levels down.
 */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The one JSON parser: an empty body is no body (Lithic accepts a bodiless POST with a JSON content
 * type, and the SDK sends one), the nesting depth is measured in one pass without recursion, and a
 * `__proto__` key is refused as fastify's own parser refuses it.
 */
export function parseJsonBody(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  if (text.trim() === '') return undefined;
  if (nestsDeeperThan(raw, MAX_JSON_DEPTH)) {
    throw new DomainError(
      'VALIDATION',
      `body must not nest objects or arrays more than ${MAX_JSON_DEPTH} levels deep`,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    // V8's message quotes the body (which may hold a PAN); keep only where it stopped.
    const at = /at position (\d+)/.exec((error as Error).message)?.[1];
    throw new DomainError(
      'VALIDATION',
      `body must be valid JSON${at ? ` (the parser stopped at character ${at})` : ''}`,
    );
  }
  const poisoned = prototypeKey(body);
  if (poisoned) throw new DomainError('VALIDATION', `body must not contain the key ${poisoned}`);
  return body;
}

/** Whether objects and arrays nest deeper than `limit`; brackets inside strings do not count. */
function nestsDeeperThan(raw: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > limit) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

/** The path of a `__proto__` key, or of a `constructor` key holding a `prototype`, if any. */
function prototypeKey(body: unknown): string | undefined {
  const stack: { value: unknown; path: string }[] = [{ value: body, path: 'body' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      if (key === '__proto__') return `${path}.__proto__`;
      if (key === 'constructor' && child !== null && typeof child === 'object' && 'prototype' in child)
        return `${path}.constructor.prototype`;
      stack.push({ value: child, path: Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}` });
    }
  }
  return undefined;
}
