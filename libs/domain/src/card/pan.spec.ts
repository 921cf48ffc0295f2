import { describe, expect, it } from '@jest/globals';
import { generatePan, isLuhnValid, lastFour, luhnCheckDigit, networkForBin } from './pan.js';

describe('luhn', () => {
  it.each([
    ['411111111111111', 1],
    ['7992739871', 3],
    ['222100000000000', 9],
    ['1', 8],
  ])('luhnCheckDigit(%s) is %i', (payload, digit) => {
    expect(luhnCheckDigit(payload)).toBe(digit);
  });

  it('finds no check digit for an all-zero payload, which the library never accepts', () => {
    expect(() => luhnCheckDigit('000000')).toThrow(/zero digits/);
    expect(isLuhnValid('0000000')).toBe(false);
  });

  it.each(['4111 1111 1111 1111', '4111111111111111\n', '4'])('isLuhnValid refuses "%s"', (pan) => {
    expect(isLuhnValid(pan)).toBe(false);
  });

  it.each([
    ['4111111111111111', true],
    ['4111111111111112', false],
    ['79927398713', true],
    ['5555555555554444', true],
    ['411111111111111a', false],
    ['', false],
  ])('isLuhnValid(%s) is %s', (pan, valid) => {
    expect(isLuhnValid(pan)).toBe(valid);
  });
});

describe('generatePan', () => {
  it('appends the computed check digit to the BIN and the random digits', () => {
    expect(generatePan('411111', (n) => '1'.repeat(n))).toBe('4111111111111111');
  });

  it('asks for exactly the digits between the BIN and the check digit', () => {
    const asked: number[] = [];
    generatePan('22210000', (n) => (asked.push(n), '0'.repeat(n)));
    expect(asked).toEqual([7]);
  });

  it.each(['411111', '222100', '51234567'])('makes Luhn-valid 16-digit PANs for BIN %s', (bin) => {
    for (let i = 0; i < 200; i++) {
      const pan = generatePan(bin, (n) =>
        Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join(''),
      );
      expect(pan).toMatch(/^\d{16}$/);
      expect(pan.startsWith(bin)).toBe(true);
      expect(isLuhnValid(pan)).toBe(true);
    }
  });

  it.each(['41111', '411111a', ''])('refuses the malformed BIN "%s"', (bin) => {
    expect(() => generatePan(bin, (n) => '0'.repeat(n))).toThrow(/BIN/);
  });
});

describe('networkForBin', () => {
  it.each([
    ['411111', 'VISA'],
    ['222100', 'MASTERCARD'],
    ['272099', 'MASTERCARD'],
    ['555555', 'MASTERCARD'],
  ])('%s is %s', (bin, network) => {
    expect(networkForBin(bin)).toBe(network);
  });

  it.each(['371449', '601100', '273000'])('refuses %s, which is neither Visa nor Mastercard', (bin) => {
    expect(() => networkForBin(bin)).toThrow(/neither/);
  });
});

it('lastFour is the last four digits', () => {
  expect(lastFour('4111111289144142')).toBe('4142');
});
