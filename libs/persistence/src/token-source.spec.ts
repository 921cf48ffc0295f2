import { describe, expect, it } from '@jest/globals';
import { base62 } from './outbox.js';
import { TOKEN_BLOCK_SIZE, TokenSource } from './token-source.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A sequence of block numbers, as `nextval` hands them out. */
const blocks = (first = 1) => {
  let next = first;
  return () => Promise.resolve(next++);
};

const draw = (tokens: TokenSource) => [
  tokens.uuid(),
  tokens.prefixed('msg'),
  tokens.uuid(),
  tokens.prefixed('ep'),
];

describe('TokenSource', () => {
  it('gives the same tokens for the same seed and the same first block', async () => {
    const a = await TokenSource.seeded('42', blocks());
    const b = await TokenSource.seeded('42', blocks());
    expect(draw(a)).toEqual(draw(b));
  });

  it.each([
    ['another seed', () => TokenSource.seeded('43', blocks())],
    ['another block (a restart on used data)', () => TokenSource.seeded('42', blocks(2))],
    ['no seed', () => Promise.resolve(TokenSource.random())],
  ])('gives other tokens with %s', async (_, other) => {
    const tokens = draw(await TokenSource.seeded('42', blocks()));
    const others = draw(await other());
    for (const token of others) expect(tokens).not.toContain(token);
  });

  it.each([
    ['seeded', () => TokenSource.seeded('42', blocks())],
    ['random', () => Promise.resolve(TokenSource.random())],
  ])('makes %s UUIDs v4 and prefixed tokens of 27 base62 characters', async (_, open) => {
    const tokens = await open();
    expect(tokens.uuid()).toMatch(UUID_V4);
    expect(tokens.prefixed('flt')).toMatch(/^flt_[0-9A-Za-z]{27}$/);
  });

  it('orders seeded prefixed tokens as they were made', async () => {
    const tokens = await TokenSource.seeded('42', blocks());
    const made = Array.from({ length: 100 }, () => tokens.prefixed('msg'));
    expect([...made].sort()).toEqual(made);
  });

  // Blocks of 1,024 here: a million HMACs per run of the real size took most of a minute in CI.
  it('moves on to the block reserved at half way, and never repeats a token', async () => {
    const size = 1024;
    const tokens = await TokenSource.seeded('42', blocks(), size);
    const seen = new Set<string>();
    // Past half a block, the next one is asked for; it arrives before the first block runs out.
    for (let i = 0; i <= size / 2; i++) seen.add(tokens.prefixed('msg'));
    await new Promise((resolve) => setImmediate(resolve));
    for (let i = 0; i < size / 2 + 10; i++) seen.add(tokens.prefixed('msg'));
    expect(seen.size).toBe(size + 11);
    // The block after the first is block 2: its counters start at 2 × size.
    expect(tokens.prefixed('msg').slice(4, 16)).toBe(base62(2 * size + 11, 12));
  });

  it('counts in blocks of TOKEN_BLOCK_SIZE by default', async () => {
    const tokens = await TokenSource.seeded('42', blocks(3));
    expect(tokens.prefixed('msg').slice(4, 16)).toBe(base62(3 * TOKEN_BLOCK_SIZE, 12));
  });
});
