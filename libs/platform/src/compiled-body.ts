import { Ajv, type ValidateFunction } from 'ajv';
import { getMetadataStorage, type ValidationArguments } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata.js';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';

/**
 * class-transformer's registry of its decorators (the one instance its CommonJS build shares). A
 * static import, so the app's one-file bundle reads the same instance its decorators wrote to.
 */
const transformerMetadata = defaultMetadataStorage as unknown as {
  findTransformMetadatas(t: Function, p: string, type: number): { transformFn: unknown }[];
  findTypeMetadata(t: Function, p: string): unknown;
  findExposeMetadata(t: Function, p: string): unknown;
  findExcludeMetadata(t: Function, p: string): unknown;
};

/**
 * Hot-path bodies (the network simulations) are checked by a JSON schema that ajv compiles once,
 * derived from the DTO's own class-validator decorators, so the rules stay written once. A body
 * the schema accepts is valid by every decorator and becomes the DTO without class-validator or
 * class-transformer running; any other body goes the usual way, so every 400 names its field in
 * the very words it always did. The schema may only ever be stricter than the decorators (where
 * they differ it refuses, and class-validator then decides), never looser.
 */
export function CompiledBodySchema(): ClassDecorator {
  return (target) => {
    compiled.set(target, ajv.compile(bodySchema(target)));
  };
}

/** The DTO `body` makes, when `metatype` has a compiled schema and the body passes it; else null. */
export function fastBody(metatype: unknown, body: unknown): object | null {
  const validate = compiled.get(metatype as Function);
  if (!validate || !validate(body)) return null;
  return Object.assign(new (metatype as new () => object)(), body);
}

/**
 * The condition IsOmittable() registers: validate only a field that is present. Recognized by
 * identity, as it is the one ValidateIf a compiled schema understands.
 */
export const isPresent = (_object: object, value: unknown): boolean => value !== undefined;

/**
 * The transform IsUuid() registers (lower-casing). A compiled schema accepts only lower-case
 * UUIDs there, which the transform leaves as they are; others go the usual way and are lowered.
 */
export const lowerCase = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.toLowerCase() : value;

export const ANY_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const compiled = new WeakMap<Function, ValidateFunction>();
/**
 * Validators without an exact JSON Schema keyword (ValidateBy ones like IsCardNumber, and the
 * lengths, which validator.js counts its own way) run as themselves through `x-validator`.
 */
const customValidators = new Map<string, (value: unknown, object: unknown) => boolean>();

// unicodeRegExp false: patterns run as the decorators run them, without the `u` flag.
const ajv = new Ajv({ allErrors: false, unicodeRegExp: false, strict: true });
ajv.addKeyword({
  keyword: 'x-validator',
  schemaType: 'string',
  validate: (name: string, data: unknown, _schema: unknown, context?: { parentData: unknown }) =>
    customValidators.get(name)!(data, context?.parentData),
});

type Schema = Record<string, unknown>;

/** The JSON schema of a DTO's body; throws on a decorator it cannot express exactly. */
export function bodySchema(target: Function): Schema {
  const metas = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const meta of metas)
    byProperty.set(meta.propertyName, [...(byProperty.get(meta.propertyName) ?? []), meta]);
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const [property, list] of byProperty) {
    const transforms = transformsOf(target, property);
    const constraints: Schema[] = [];
    let optional = false;
    for (const meta of list) {
      const where = `${target.name}.${property}`;
      if (meta.each || meta.always || (meta.groups?.length ?? 0) > 0)
        throw new Error(`${where}: each/always/groups have no compiled schema`);
      if (meta.type === 'conditionalValidation' && meta.constraints?.[0] === isPresent) optional = true;
      else if (meta.type === 'customValidation') constraints.push(constraintSchema(meta, where, transforms));
      else throw new Error(`${where}: ${meta.type} has no compiled schema`);
    }
    if (transforms.length > 0 && !transforms.every((t) => t === lowerCase))
      throw new Error(`${target.name}.${property}: a class-transformer transform has no compiled schema`);
    properties[property] = constraints.length === 1 ? constraints[0] : { allOf: constraints };
    if (!optional) required.push(property);
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

function transformsOf(target: Function, property: string): unknown[] {
  const storage = transformerMetadata;
  if (
    storage.findTypeMetadata(target, property) ||
    storage.findExposeMetadata(target, property) ||
    storage.findExcludeMetadata(target, property)
  )
    throw new Error(`${target.name}.${property}: @Type/@Expose/@Exclude have no compiled schema`);
  // 0: TransformationType.PLAIN_TO_CLASS, what the validation pipe's transform runs.
  return storage.findTransformMetadatas(target, property, 0).map((m) => m.transformFn);
}

/** One decorator's constraint, exactly as class-validator checks it (or stricter). */
function constraintSchema(meta: ValidationMetadata, where: string, transforms: unknown[]): Schema {
  const [first, second] = (meta.constraints ?? []) as unknown[];
  switch (meta.name) {
    case 'isInt':
      return { type: 'integer' };
    case 'min':
      return { type: 'number', minimum: first };
    case 'max':
      return { type: 'number', maximum: first };
    case 'isString':
      return { type: 'string' };
    case 'isBoolean':
      return { type: 'boolean' };
    case 'isIn':
      if (!Array.isArray(first) || !first.every((v) => typeof v === 'string'))
        throw new Error(`${where}: isIn with other than strings has no compiled schema`);
      return { enum: first };
    case 'matches': {
      if (!(first instanceof RegExp) || second !== undefined)
        throw new Error(`${where}: matches with modifiers has no compiled schema`);
      // IsUuid: its pattern without the `i` flag, so only lower case, which lowerCase leaves alone.
      if (first === ANY_UUID && transforms.includes(lowerCase))
        return { type: 'string', pattern: ANY_UUID.source };
      if (first.flags !== '') throw new Error(`${where}: a pattern with flags has no compiled schema`);
      return { type: 'string', pattern: first.source };
    }
    default:
      return customSchema(meta, where);
  }
}

/** A ValidateBy validator (synchronous), called as class-validator calls it. */
function customSchema(meta: ValidationMetadata, where: string): Schema {
  if (!meta.name || !meta.constraintCls) throw new Error(`${where}: ${meta.name} has no compiled schema`);
  const instance = new (
    meta.constraintCls as new () => {
      validate(value: unknown, args: ValidationArguments): unknown;
    }
  )();
  const key = `${where}:${meta.name}`;
  customValidators.set(key, (value, object) => {
    const valid = instance.validate(value, {
      value,
      constraints: meta.constraints,
      targetName: meta.target instanceof Function ? meta.target.name : String(meta.target),
      object: object as object,
      property: meta.propertyName,
    });
    if (typeof valid !== 'boolean') throw new Error(`${key}: an asynchronous validator cannot be compiled`);
    return valid;
  });
  return { 'x-validator': key };
}
