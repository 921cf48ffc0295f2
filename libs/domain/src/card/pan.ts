/** Luhn (mod 10) check digit for a payload of digits, as printed cards compute their last digit. */
export function luhnCheckDigit(payload: string): number {
  assertDigits(payload, 'payload');
  let sum = 0;
  // Walk from the right; the digit next to the (future) check digit is doubled.
  for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = payload.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isLuhnValid(number: string): boolean {
  if (!/^\d{2,19}$/.test(number)) return false;
  return luhnCheckDigit(number.slice(0, -1)) === Number(number[number.length - 1]);
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
