import { describe, expect, it } from '@jest/globals';
import {
  accountFundingSources,
  cardFunding,
  defaultFundingSource,
  fundingDecline,
  isAbaRoutingNumber,
  validateBankAccount,
} from './funding-source.js';

describe('ABA routing numbers', () => {
  it.each([
    ['011000015', true], // Federal Reserve Bank of Boston
    ['021000021', true], // JPMorgan Chase
    ['121000358', true], // Bank of America
    ['011000016', false], // check digit off by one
    ['021000012', false], // two digits swapped
    ['12100035', false], // eight digits
    ['1210003581', false], // ten digits
    ['12100035x', false],
    ['000000000', true], // passes the arithmetic; the check is a checksum, not a registry
  ])('isAbaRoutingNumber(%s) is %s', (value, valid) => {
    expect(isAbaRoutingNumber(value)).toBe(valid);
  });

  it('names the field that fails', () => {
    expect(() => validateBankAccount({ routingNumber: '011000016', accountNumber: '12345678' })).toThrow(
      /routing_number/,
    );
    expect(() => validateBankAccount({ routingNumber: '011000015', accountNumber: '12' })).toThrow(
      /account_number/,
    );
    expect(() =>
      validateBankAccount({ routingNumber: '011000015', accountNumber: '12345678' }),
    ).not.toThrow();
  });
});

describe('funding declines', () => {
  it.each([
    ['ENABLED', null],
    ['PENDING', 'BANK_NOT_VERIFIED'],
    ['REMOVED', 'BANK_CONNECTION_ERROR'],
  ] as const)('a card funded by a %s source: %s', (state, result) => {
    expect(fundingDecline(state)?.result ?? null).toBe(result);
  });
});

describe('funding sources of an account', () => {
  const account = '8b7c1b0e-2f4d-4b8e-9a51-6c0e3d2f1a7b';
  const created = new Date('2026-01-01T00:00:00Z');
  const added = {
    token: '11111111-1111-4111-8111-111111111111',
    type: 'DEPOSITORY_SAVINGS' as const,
    state: 'PENDING' as const,
    account_name: 'Savings',
    nickname: '',
    last_four: '4321',
    created,
  };

  it("derive the default from the account's token: the same every time, another account's differs", () => {
    expect(defaultFundingSource(account, created).token).toBe(defaultFundingSource(account, created).token);
    expect(defaultFundingSource(account, created).token).not.toBe(
      defaultFundingSource('9b7c1b0e-2f4d-4b8e-9a51-6c0e3d2f1a7b', created).token,
    );
    expect(defaultFundingSource(account, created)).toMatchObject({
      state: 'ENABLED',
      type: 'DEPOSITORY_CHECKING',
    });
  });

  it.each([
    [null, 'the default'],
    [added.token, 'the one named'],
    ['22222222-2222-4222-8222-222222222222', 'the default'],
  ])('a card naming %s draws on %s', (token, which) => {
    const sources = accountFundingSources(account, created, [added]);
    expect(cardFunding(token, sources)).toBe(which === 'the default' ? sources[0] : sources[1]);
  });
});
