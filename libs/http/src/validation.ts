import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
import { DomainError } from '#domain';

/** One global pipe: unknown fields are refused, and every message names the field it is about. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new DomainError('VALIDATION', messages(errors).join('; ')),
  });
}

function messages(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((m) =>
      // class-validator says "property x should not exist"; name the path for nested fields too.
      m.startsWith(`${error.property} `)
        ? `${path}${m.slice(error.property.length)}`
        : m.replace(/^property \S+/, `property ${path}`),
    );
    return [...own, ...messages(error.children ?? [], path)];
  });
}

/**
 * Like class-validator's IsOptional, but only an absent field is skipped: an explicit null is
 * validated like any other value, so `{"memo": null}` is a 400 instead of a null reaching the database.
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}
