import { describe, expect, it } from '@jest/globals';
import { checkPin, pinBlocksFor, type PinCheck } from './pin.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('pinBlocksFor', () => {
  it.each([
    ['1234', ['041234ffffffffff', '31323334']],
    ['0000', ['040000ffffffffff', '30303030']],
    ['123456', ['06123456ffffffff', '313233343536']],
    ['123456789012', ['0c123456789012ff', '313233343536373839303132']],
    // Not digits: no ISO block can carry it, only its own characters.
    ['12a4', ['31326134']],
  ])('a PIN of %s may have been sent as %j', (pin, blocks) => {
    expect(pinBlocksFor(pin).map(hex)).toEqual(blocks);
  });
});

describe('checkPin', () => {
  it.each<[string, boolean, { matches: boolean } | undefined, PinCheck]>([
    ['no PIN entered on a card with a PIN', true, undefined, 'NOT_ENTERED'],
    ['no PIN entered on a card without one', false, undefined, 'NOT_ENTERED'],
    ['the right PIN', true, { matches: true }, 'RIGHT'],
    ['a wrong PIN', true, { matches: false }, 'WRONG'],
    ['a PIN on a card that has none', false, { matches: false }, 'NOT_SET'],
    ['a PIN on a card that has none, whatever the verifier says', false, { matches: true }, 'NOT_SET'],
  ])('%s is %s', (_, hasPin, entered, expected) => {
    expect(checkPin({ hasPin }, entered)).toBe(expected);
  });
});
