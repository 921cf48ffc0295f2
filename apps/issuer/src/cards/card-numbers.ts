import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TokenSource } from '#persistence';

/**
 * Where the random account digits of a PAN come from. With SANDBOX_SEED they come from the seeded
 * TokenSource instead, so a fresh database issues the same PANs for the same sequence of calls, and a
 * restart on the same data goes on with numbers it has not issued.
 */
@Injectable()
export class CardNumberSource {
  constructor(@Inject(TokenSource) private readonly tokens: TokenSource) {}

  digits(n: number): string {
    // 64 bytes give about 62 digits, far more than a PAN's 9 or so.
    const bytes = this.tokens.bytes('pan-digits', 2);
    if (!bytes) return Array.from({ length: n }, () => String(randomInt(10))).join('');
    let out = '';
    // Bytes 0-249 map evenly onto 0-9; the rest are skipped, so no digit is favoured.
    for (const byte of bytes) if (byte < 250 && out.length < n) out += String(byte % 10);
    if (out.length < n) throw new Error('Too few seeded digits for a PAN');
    return out;
  }
}
