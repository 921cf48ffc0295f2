import luhn from 'luhn';

/** A card number as networks print it: up to 19 digits, the last one a Luhn (mod 10) check digit. */
export function isLuhnValid(number: string): boolean {
  // The library strips whitespace before checking; a card number on the wire has none.
  return /^\d{2,19}$/.test(number) && luhn.validate(number);
}

/**
 * The Luhn check digit for a payload: of the ten candidates, the one the `luhn` library accepts.
 * Deriving it through the same library that validates incoming PANs keeps one definition of Luhn.
 */
export function luhnCheckDigit(payload: string): number {
  assertDigits(payload, 'payload');
  for (let digit = 0; digit <= 9; digit++) if (luhn.validate(payload + digit)) return digit;
  // Only an all-zero payload has no valid check digit: the library refuses a number summing to 0.
  throw new Error(`No Luhn check digit makes ${payload.length} zero digits a card number`);
}

export const PAN_LENGTH = 16;

/**
 * BIN + random account digits + computed check digit. The caller supplies randomness, so a seeded
 * source gives reproducible PANs and tests can pin the digits.
 */
export function generatePan(bin: string, randomDigits: (n: number) => string, length = PAN_LENGTH): string {
  assertBin(bin);
  const payload = bin + randomDigits(length - bin.length - 1);
  assertDigits(payload, 'random digits');
  if (payload.length !== length - 1) throw new Error('randomDigits returned the wrong number of digits');
  return payload + String(luhnCheckDigit(payload));
}
export type CardNetwork = 'VISA' | 'MASTERCARD';

/** Visa BINs start with 4; Mastercard's ranges are 51-55 and the 2-series 2221-2720. */
export function networkForBin(bin: string): CardNetwork {
  assertBin(bin);
  if (bin.startsWith('4')) return 'VISA';
  const two = Number(bin.slice(0, 2));
  const four = Number(bin.slice(0, 4));
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'MASTERCARD';
  throw new Error(`BIN ${bin} is neither a Visa nor a Mastercard range`);
}

export function assertBin(bin: string): void {
  if (!/^\d{6,8}$/.test(bin)) throw new Error(`BIN must be 6 to 8 digits, got "${bin}"`);
}

export function lastFour(pan: string): string {
  return pan.slice(-4);
}

function assertDigits(value: string, what: string): void {
  if (!/^\d+$/.test(value)) throw new Error(`${what} must contain only digits`);
}
