import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { Matches, ValidateIf, type ValidationOptions } from 'class-validator';
import { DomainError } from '#domain';
import { ANY_UUID, fastBody, isPresent, lowerCase } from './compiled-body.js';

/** Callback URLs (webhooks, responders) are stored in columns of this many characters. */
export const URL_MAX_LENGTH = 2048;

/**
 * One global pipe: unknown fields are refused, every message names the field it is about, and no
 * string PostgreSQL cannot store (a NUL, a lone UTF-16 surrogate) gets past it, in a body, a query
 * string or a path parameter.
 */
export function validationPipe(): ValidationPipe {
  return new SandboxValidationPipe(PIPE_OPTIONS);
}

const PIPE_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validationError: { target: false, value: false },
  exceptionFactory: (errors: ValidationError[]) => new DomainError('VALIDATION', messages(errors).join('; ')),
};

/**
 * Query strings are read as Lithic reads them: a parameter the route does not know is ignored, not
 * refused (real client code sends extra ones, e.g. `GET /v1/cards?card_token=…`). Known ones are
 * validated as strictly as bodies.
 */
const queries = new ValidationPipe({ ...PIPE_OPTIONS, forbidNonWhitelisted: false });

class SandboxValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'query') {
      const problem = unstorableText(value, metadata.data ?? '');
      if (problem) throw new DomainError('VALIDATION', problem);
      return queries.transform(value, metadata);
    }
    if (metadata.type === 'body' || metadata.type === 'param') {
      const problem = unstorableText(value, metadata.data ?? (metadata.type === 'body' ? 'body' : ''));
      if (problem) throw new DomainError('VALIDATION', problem);
      if (metadata.type === 'body' && !metadata.data && isPrimitiveOrArray(value)) {
        throw new DomainError(
          'VALIDATION',
          `body must be a JSON object, not ${Array.isArray(value) ? 'an array' : `a ${typeof value}`}`,
        );
      }
      // A hot-path body its compiled schema accepts; any other goes on, for the usual 400.
      if (metadata.type === 'body' && !metadata.data) {
        const fast = fastBody(metadata.metatype, value);
        if (fast) return fast;
      }
    }
    return super.transform(value, metadata);
  }
}

function isPrimitiveOrArray(value: unknown): boolean {
  return value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value));
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The first string (or field name) PostgreSQL would refuse, named by its path, e.g.
 * `event_types[0] must not contain NUL characters (\u0000)`. Iterative: depth is bounded by the
 * JSON parser, but a stack is cheaper than trusting that.
 */
function unstorableText(value: unknown, root: string): string | undefined {
  const stack: { value: unknown; path: string }[] = [{ value, path: root }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      const problem = textProblem(item.value);
      if (problem) return `${item.path || 'value'} must not contain ${problem}`;
    } else if (item.value !== null && typeof item.value === 'object') {
      const isArray = Array.isArray(item.value);
      for (const key of Object.keys(item.value)) {
        const path = isArray ? `${item.path}[${key}]` : join(item.path, key);
        const keyProblem = isArray ? undefined : textProblem(key);
        if (keyProblem) return `field name ${path} must not contain ${keyProblem}`;
        stack.push({ value: (item.value as Record<string, unknown>)[key], path });
      }
    }
  }
  return undefined;
}

function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'NUL characters (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'a lone UTF-16 surrogate (\\uD800-\\uDFFF without its pair)';
  return undefined;
}

/** `parent.key`, with a key that is not a plain name written as a JSON string: `["me\u0000mo"]`. */
function join(parent: string, key: string): string {
  const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
  if (!parent || parent === 'body') return name;
  return /^[A-Za-z_]/.test(name) ? `${parent}.${name}` : `${parent}[${name}]`;
}

function messages(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((m) =>
      // class-validator says "property x should not exist"; name the path for nested fields too.
      m.startsWith(`${error.property} `)
        ? `${path}${m.slice(error.property.length)}`
        : // A function, so a `$` in the name is never read as a replacement pattern (`$$` -> `$`).
          m.replace(/^property \S+/, () => `property ${path}`),
    );
    return [...own, ...messages(error.children ?? [], path)];
  });
}

/**
 * Like class-validator's IsOptional, but only an absent field is skipped: an explicit null is
 * validated like any other value, so `{"memo": null}` is a 400 instead of a null reaching the database.
 */
/** Repeated (`?a=x&a=y`) or comma-joined (`?a=x,y`, what the SDK sends) query values; empty ones dropped. */
export const QueryList = (): PropertyDecorator =>
  Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value));

export function IsOmittable(): PropertyDecorator {
  return ValidateIf(isPresent);
}

/**
 * A token in UUID form, of any version or variant (class-validator's IsUUID knows only RFC 9562's
 * versions): PostgreSQL's uuid type stores any of them, so an unknown one is a 404, not a 400.
 * Lower-cased, as PostgreSQL writes them, so a token compares equal to the one it returned.
 */
export function IsUuid(options: ValidationOptions = {}): PropertyDecorator {
  const lower = Transform(lowerCase);
  const uuid = Matches(ANY_UUID, { message: ({ property }) => `${property} must be a UUID`, ...options });
  return (target, key) => {
    lower(target, key);
    uuid(target, key);
  };
}
