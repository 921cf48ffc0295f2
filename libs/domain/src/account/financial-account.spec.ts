import { describe, expect, it } from '@jest/globals';
import type { AccountState } from './account.js';
import {
  financialAccountStatus,
  financialAccountToken,
  financialAccountType,
  uuidV5,
  type FinancialAccountStatus,
} from './financial-account.js';

const ACCOUNT = '0b9f1c2e-4d5a-4e6f-8a7b-9c0d1e2f3a4b';

describe('uuidV5', () => {
  it.each([
    ['6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com', '2ed6657d-e927-568b-95e1-2665a8aea6a2'],
    ['6ba7b811-9dad-11d1-80b4-00c04fd430c8', 'http://example.com/', '0a300ee9-f9e4-5697-a51a-efc7fafaba67'],
  ])('of namespace %s and name %s is %s (RFC 4122 vectors)', (namespace, name, expected) => {
    expect(uuidV5(namespace, name)).toBe(expected);
  });
});

describe('financial account tokens', () => {
  it('are stable, distinct per type, and version 5', () => {
    const issuing = financialAccountToken(ACCOUNT, 'ISSUING');
    expect(financialAccountToken(ACCOUNT, 'ISSUING')).toBe(issuing);
    expect(financialAccountToken(ACCOUNT.toUpperCase(), 'ISSUING')).toBe(issuing);
    expect(financialAccountToken(ACCOUNT, 'RESERVE')).not.toBe(issuing);
    expect(issuing).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it.each<[string, string, string | null]>([
    ['its ISSUING token', financialAccountToken(ACCOUNT, 'ISSUING'), 'ISSUING'],
    ['its RESERVE token, upper-cased', financialAccountToken(ACCOUNT, 'RESERVE').toUpperCase(), 'RESERVE'],
    ['the account token itself', ACCOUNT, null],
    [
      "another account's ISSUING token",
      financialAccountToken('1b9f1c2e-4d5a-4e6f-8a7b-9c0d1e2f3a4b', 'ISSUING'),
      null,
    ],
  ])('an account recognises %s', (_name, token, expected) => {
    expect(financialAccountType(ACCOUNT, token)).toBe(expected);
  });
});

describe('financialAccountStatus', () => {
  it.each<[AccountState, FinancialAccountStatus]>([
    ['ACTIVE', 'OPEN'],
    ['PAUSED', 'SUSPENDED'],
    ['CLOSED', 'CLOSED'],
  ])('an %s account has %s financial accounts', (state, expected) => {
    expect(financialAccountStatus(state)).toBe(expected);
  });
});
