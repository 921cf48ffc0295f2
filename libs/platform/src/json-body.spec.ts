import { describe, expect, it } from '@jest/globals';
import { MAX_JSON_DEPTH, parseJsonBody } from './json-body.js';

const parse = (text: string) => parseJsonBody(Buffer.from(text));
const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('parseJsonBody', () => {
  it.each([
    ['', undefined],
    ['  \n', undefined],
    ['{"a":[1,{"b":"c"}]}', { a: [1, { b: 'c' }] }],
    ['{"memo":"[[[{{{\\"\\\\"}', { memo: '[[[{{{"\\' }],
    [arrays(MAX_JSON_DEPTH), JSON.parse(arrays(MAX_JSON_DEPTH))],
  ])('reads %j', (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it.each([
    ['nested one level too deep', arrays(MAX_JSON_DEPTH + 1), /^body must not nest .* more than 32 levels/],
    ['nested 100,000 deep and unclosed', '{"a":'.repeat(100_000), /^body must not nest/],
    [
      'malformed',
      '{"pan":"4111111111111111",',
      /^body must be valid JSON \(the parser stopped at character \d+\)$/,
    ],
    ['a __proto__ key', '{"a":{"__proto__":{"x":1}}}', /^body must not contain the key body\.a\.__proto__$/],
    ['a constructor.prototype key', '{"constructor":{"prototype":{}}}', /constructor\.prototype/],
  ])('refuses a body %s', (_name, text, message) => {
    expect(() => parse(text)).toThrow(message);
  });
});
