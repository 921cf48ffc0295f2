import { describe, expect, it } from '@jest/globals';
import type { CardState } from './card.js';
import { appleEncryptionInputs, assertProvisionable } from './digital-wallet.js';

const NOW = new Date('2026-03-15T12:00:00.000Z');

describe('assertProvisionable', () => {
  it.each<[CardState, string, string, RegExp | null]>([
    ['OPEN', '03', '2026', null],
    ['PAUSED', '12', '2030', null],
    ['CLOSED', '12', '2030', /a CLOSED card cannot be added/],
    ['OPEN', '02', '2026', /an expired card cannot be added/],
  ])('a %s card expiring %s/%s: %s', (state, expMonth, expYear, refusal) => {
    const check = () => assertProvisionable({ state, expMonth, expYear }, NOW);
    if (refusal) expect(check).toThrow(refusal);
    else expect(check).not.toThrow();
  });
});

describe('appleEncryptionInputs', () => {
  it.each<[string, Record<string, string>, boolean | RegExp]>([
    ['none of them: activationData only', {}, false],
    [
      'all three: an encrypted payload',
      { certificate: 'Yw==', nonce: 'bg==', nonce_signature: 'cw==' },
      true,
    ],
    ['a certificate alone', { certificate: 'Yw==' }, /^nonce, nonce_signature: required with certificate/],
    [
      'no signature',
      { certificate: 'Yw==', nonce: 'bg==' },
      /^nonce_signature: required with certificate and nonce/,
    ],
  ])('%s', (_name, input, expected) => {
    if (expected instanceof RegExp) expect(() => appleEncryptionInputs(input)).toThrow(expected);
    else expect(appleEncryptionInputs(input)).toBe(expected);
  });
});
