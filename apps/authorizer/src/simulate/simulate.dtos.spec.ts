import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import fc from 'fast-check';
import { fastBody } from '#platform';
import {
  SimulateAuthorizationAdviceDto,
  SimulateAuthorizationDto,
  SimulateClearingDto,
  SimulateMerchantMessageDto,
  SimulateVoidDto,
} from './simulate.dtos.js';

const PAN = '4111111111111111';
const TOKEN = '0f3c3e9a-8d2b-4c1e-9f6a-2b7d5e1c4a90';

/** What the global pipe's class-validator path makes of a body: the DTO, or null for a 400. */
function classValidator(dto: new () => object, body: object): object | null {
  const instance = plainToInstance(dto, body);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  return errors.length === 0 ? instance : null;
}

/** Values near every rule's edges: wrong types, lengths, cases, Luhn, the variation selector. */
const value = fc.oneof(
  fc.constantFrom(
    PAN,
    '4111111111111112',
    TOKEN,
    TOKEN.toUpperCase(),
    'COFFEE',
    '',
    'A'.repeat(25),
    'A'.repeat(26),
    '\uFE0F',
    'x\uFE0F'.repeat(13),
    '\uD83D\uDE00',
    '5812',
    '581',
    'USA',
    'usa',
    '12',
    '2029',
    '123',
    'AUTHORIZATION',
    'AUTHORIZATION_EXPIRY',
    'FINANCIAL_AUTHORIZATION',
    null,
    true,
    0,
    -1,
    1.5,
    2_000_000_000,
    2_000_000_001,
  ),
  fc.string({ maxLength: 30 }),
  fc.integer(),
);
const fields = [
  'amount',
  'descriptor',
  'pan',
  'mcc',
  'merchant_acceptor_id',
  'merchant_acceptor_city',
  'merchant_acceptor_state',
  'merchant_acceptor_country',
  'status',
  'merchant_amount',
  'merchant_currency',
  'partial_approval_capable',
  'pin',
  'cvv',
  'exp_month',
  'exp_year',
  'token',
  'type',
  'unknown',
] as const;
const body = fc.dictionary(fc.constantFrom(...fields), value, { maxKeys: 8 });

/** Each body type with a valid body, which the generated fields then change or add to. */
const dtos: [new () => object, object][] = [
  [SimulateMerchantMessageDto, { amount: 1, descriptor: 'X', pan: PAN }],
  [SimulateAuthorizationDto, { amount: 1, descriptor: 'X', pan: PAN }],
  [SimulateClearingDto, { token: TOKEN }],
  [SimulateVoidDto, { token: TOKEN }],
  [SimulateAuthorizationAdviceDto, { token: TOKEN, amount: 1 }],
];

describe('the compiled schemas of the simulate bodies', () => {
  it.each(dtos.map(([dto, valid]) => [dto.name, dto, valid] as const))(
    '%s: what the schema accepts, class-validator accepts as the same DTO',
    (_name, dto, valid) => {
      let accepted = 0;
      fc.assert(
        fc.property(body, (changes) => {
          const plain = { ...valid, ...changes };
          const fast = fastBody(dto, plain);
          if (fast === null) return;
          accepted++;
          expect(fast).toBeInstanceOf(dto);
          expect(classValidator(dto, plain)).toEqual(fast);
        }),
        { numRuns: 3_000 },
      );
      // Not a vacuous pass: a good share of the bodies took the compiled path.
      expect(accepted).toBeGreaterThan(100);
    },
  );

  it.each([
    [SimulateAuthorizationDto, { amount: 100, descriptor: 'COFFEE', pan: PAN }],
    [
      SimulateAuthorizationDto,
      {
        amount: 0,
        descriptor: 'A'.repeat(25),
        pan: PAN,
        mcc: '5812',
        merchant_acceptor_id: 'M1',
        merchant_acceptor_country: 'USA',
        status: 'FINANCIAL_AUTHORIZATION',
        merchant_amount: 90,
        merchant_currency: 'EUR',
        partial_approval_capable: true,
        cvv: '123',
        exp_month: '12',
        exp_year: '2029',
      },
    ],
    [SimulateVoidDto, { token: TOKEN, amount: 5, type: 'AUTHORIZATION_EXPIRY' }],
    [SimulateClearingDto, { token: TOKEN }],
  ])('%p takes the compiled path for %j', (dto, plain) => {
    expect(fastBody(dto, plain)).toEqual(classValidator(dto, plain));
    expect(fastBody(dto, plain)).not.toBeNull();
  });

  it.each([
    ['an upper-case token, which class-validator lowers', SimulateVoidDto, { token: TOKEN.toUpperCase() }],
    ['a PAN failing Luhn', SimulateAuthorizationDto, { amount: 1, descriptor: 'X', pan: '4111111111111112' }],
    ['an unknown field', SimulateAuthorizationDto, { amount: 1, descriptor: 'X', pan: PAN, tip: 1 }],
    ['a null optional field', SimulateAuthorizationDto, { amount: 1, descriptor: 'X', pan: PAN, mcc: null }],
    ['an amount of 1.5', SimulateAuthorizationDto, { amount: 1.5, descriptor: 'X', pan: PAN }],
  ])('leaves %s to class-validator', (_name, dto, plain) => {
    expect(fastBody(dto, plain)).toBeNull();
  });
});
