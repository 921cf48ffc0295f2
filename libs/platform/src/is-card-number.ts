import { ValidateBy } from 'class-validator';
import { isLuhnValid, PAN_LENGTH } from '#domain';

/**
 * A PAN field: 16 digits that pass the Luhn check. A mistyped number is refused here with a
 * message that says which PAN to send, instead of reaching a lookup that can only say "no card".
 */
export function IsCardNumber(): PropertyDecorator {
  return ValidateBy({
    name: 'isCardNumber',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && value.length === PAN_LENGTH && isLuhnValid(value),
      defaultMessage: (args) =>
        `${args?.property ?? 'pan'} must be a ${PAN_LENGTH}-digit card number that passes the Luhn check: ` +
        'use the pan returned when the card was created',
    },
  });
}
