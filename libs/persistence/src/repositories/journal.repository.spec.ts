import { describe, expect, it } from '@jest/globals';
import { likePattern } from './journal.repository.js';

describe('likePattern', () => {
  it.each([
    ['/v1/cards', '/v1/cards%'],
    ['/v1/cards/*/provision', '/v1/cards/%/provision'],
    ['*', '%'],
    ['/v1/cards*', '/v1/cards%'],
    ['/a_b%c', '/a\\_b\\%c%'],
    ['/back\\slash', '/back\\\\slash%'],
  ])('%s is %s', (pattern, like) => {
    expect(likePattern(pattern)).toBe(like);
  });
});
