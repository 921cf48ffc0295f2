import { createHash, createHmac, randomUUID } from 'node:crypto';
import { base62, newToken, type TokenPrefix } from './outbox.js';

/** Counters per reserved block: a block lasts any test run, and the next is fetched at half. */
export const TOKEN_BLOCK_SIZE = 2 ** 20;

/**
 * Where resource tokens come from (accounts, cards, transactions and their events, events,
 * subscriptions, faults), and seeded PAN digits. Without a seed they are random. With one they are HMAC(seed, counter),
 * the counter running through blocks drawn from the database's `token_blocks` sequence: a fresh
 * database hands out block 1 first, so the same calls give the same tokens, while a restart on the
 * same data, or another replica, draws blocks nobody used and never collides.
 */
export class TokenSource {
  private constructor(
    private readonly key: Buffer | null,
    private readonly reserve: () => Promise<number>,
    private block = 0,
    private readonly blockSize = TOKEN_BLOCK_SIZE,
  ) {}

  private used = 0;
  private nextBlock: number | null = null;

  static random(): TokenSource {
    return new TokenSource(null, () => Promise.resolve(0));
  }

  /** `blockSize`: counters per block; only a test of the block change-over sets another. */
  static async seeded(
    seed: string,
    reserve: () => Promise<number>,
    blockSize = TOKEN_BLOCK_SIZE,
  ): Promise<TokenSource> {
    const key = createHash('sha256').update(`card-sandbox-tokens:${seed}`).digest();
    return new TokenSource(key, reserve, await reserve(), blockSize);
  }

  /** A UUID v4 (random, or HMAC bits with the v4 version and variant set). */
  uuid(): string {
    if (!this.key) return randomUUID();
    const bytes = this.draw('uuid');
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = bytes.subarray(0, 16).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** `prefix_` + 27 base62 characters; seeded, the counter leads, so tokens still sort as made. */
  prefixed(prefix: TokenPrefix): string {
    if (!this.key) return newToken(prefix);
    const counter = this.counter();
    const mac = createHmac('sha256', this.key).update(`${prefix}:${counter}`).digest();
    return `${prefix}_${base62(counter, 12)}${[...mac.subarray(0, 15)].map((b) => base62(b % 62, 1)).join('')}`;
  }

  /** Seeded only: `blocks` × 32 bytes of HMAC for one counter (e.g. a PAN's digits); null without a seed. */
  bytes(label: string, blocks = 1): Buffer | null {
    if (!this.key) return null;
    const counter = this.counter();
    return Buffer.concat(
      Array.from({ length: blocks }, (_, i) =>
        createHmac('sha256', this.key!).update(`${label}:${counter}:${i}`).digest(),
      ),
    );
  }

  private draw(label: string): Buffer {
    return createHmac('sha256', this.key!).update(`${label}:${this.counter()}`).digest();
  }

  private counter(): number {
    if (this.used === this.blockSize / 2) {
      // Fetched ahead, so drawing stays synchronous; half a block is far more than one request draws.
      // A failed reservation (the database went away) surfaces as the error below, if ever reached.
      void this.reserve().then(
        (block) => (this.nextBlock = block),
        () => undefined,
      );
    }
    if (this.used === this.blockSize) {
      if (this.nextBlock === null) throw new Error('The next block of tokens is not reserved yet');
      [this.block, this.used, this.nextBlock] = [this.nextBlock, 0, null];
    }
    return this.block * this.blockSize + this.used++;
  }
}
