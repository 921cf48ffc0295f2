import { describe, expect, it } from '@jest/globals';
import { JOURNAL_BODY_MAX_CHARS, maskCardData } from './card-data.js';

describe('maskCardData', () => {
  it.each([
    [
      'a parsed body',
      { pan: '4111111111111111', cvv: '123', memo: 'x' },
      '{"pan":"************1111","cvv":"***","memo":"x"}',
    ],
    ['JSON text', '{"pan":"4111111111111111","cvv":"123"}', '{"pan":"************1111","cvv":"***"}'],
    [
      'nested fields and arrays',
      { data: [{ card: { PAN: '5105105105105100', Cvv: 987 } }] },
      '{"data":[{"card":{"PAN":"************5100","Cvv":"***"}}]}',
    ],
    ['a PAN in another field', { memo: 'card 4111111111111111!' }, '{"memo":"card ************1111!"}'],
    [
      'a PAN glued to other text',
      '{"descriptor":"pan4111111111111111x"}',
      '{"descriptor":"pan************1111x"}',
    ],
    ['text that is not JSON', 'pan=4111111111111111 "cvv": "123"', 'pan=************1111 "cvv": "***"'],
    [
      'secrets',
      { api_key: 'sk_sandbox_abcdefgh', secret: 'whsec_0123456789' },
      '{"api_key":"***************efgh","secret":"************6789"}',
    ],
    ['a PIN block, wholly', { pin: 'BBI0//////8=', memo: 'x' }, '{"pin":"************","memo":"x"}'],
    ['a PIN block in text that is not JSON', '{"pin": "BBI0//////8=", "me', '{"pin": "***", "me'],
    ['null fields left as they are', { pan: null, cvv: null }, '{"pan":null,"cvv":null}'],
    ['a 12-digit number (not a PAN)', { amount: 123456789012 }, '{"amount":123456789012}'],
  ])('masks %s', (_name, body, expected) => {
    expect(maskCardData(body)).toBe(expected);
  });

  it.each([undefined, null, ''])('stores no body for %p', (body) => {
    expect(maskCardData(body)).toBeNull();
  });

  it('cuts a long body, and masks a PAN the cut would split before cutting', () => {
    const body = 'x'.repeat(JOURNAL_BODY_MAX_CHARS - 8) + '4111111111111111';
    const stored = maskCardData(body)!;
    expect(stored).toHaveLength(JOURNAL_BODY_MAX_CHARS + 1);
    expect(stored).not.toMatch(/\d{9}/);
  });
});
