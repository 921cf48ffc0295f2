import { describe, expect, it } from '@jest/globals';
import { deriveCvv } from './cvv.js';

const KEY = new TextEncoder().encode('card-verification-key-1');
const OTHER_KEY = new TextEncoder().encode('card-verification-key-2');
const PANS = ['4111111289144142', '4111110000000005', '5555555555554444', '2221000000000009'];

describe('deriveCvv', () => {
  it.each(PANS)('gives three digits for %s', (pan) => {
    expect(deriveCvv(pan, '03', '2031', KEY)).toMatch(/^\d{3}$/);
  });

  it.each(PANS)('gives the same CVV for %s every time', (pan) => {
    expect(deriveCvv(pan, '03', '2031', KEY)).toBe(deriveCvv(pan, '03', '2031', Uint8Array.from(KEY)));
  });

  it.each<[string, string, string]>([
    ['a new expiry month', '04', '2031'],
    ['a new expiry year', '03', '2032'],
    ['a reissue five years later', '03', '2036'],
  ])('changes with %s', (_, expMonth, expYear) => {
    const cvvs = PANS.map((pan) => deriveCvv(pan, '03', '2031', KEY));
    const reissued = PANS.map((pan) => deriveCvv(pan, expMonth, expYear, KEY));
    reissued.forEach((cvv, i) => expect(cvv).not.toBe(cvvs[i]));
  });

  it('changes with the card verification key', () => {
    const cvvs = PANS.map((pan) => deriveCvv(pan, '03', '2031', KEY));
    const otherKey = PANS.map((pan) => deriveCvv(pan, '03', '2031', OTHER_KEY));
    otherKey.forEach((cvv, i) => expect(cvv).not.toBe(cvvs[i]));
  });

  it('changes with the PAN', () => {
    expect(new Set(PANS.map((pan) => deriveCvv(pan, '03', '2031', KEY))).size).toBeGreaterThan(1);
  });
});
