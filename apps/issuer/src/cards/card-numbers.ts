import { createHmac, randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Environment } from '#platform';

/**
 * Where the random account digits of a PAN come from. With SANDBOX_SEED they come from a keyed
 * stream instead, so a fresh database issues the same PANs for the same sequence of calls.
 */
@Injectable()
export class CardNumberSource {
  private readonly seed: string | undefined;
  private drawn = 0;

  constructor(@Inject(Environment) env: Environment) {
    this.seed = env.SANDBOX_SEED;
  }

  digits(n: number): string {
    if (!this.seed) return Array.from({ length: n }, () => String(randomInt(10))).join('');
    let out = '';
    for (let block = 0; out.length < n; block++) {
      const mac = createHmac('sha256', this.seed).update(`pan-digits:${this.drawn}:${block}`).digest();
      // Bytes 0-249 map evenly onto 0-9; the rest are skipped, so no digit is favoured.
      for (const byte of mac) if (byte < 250 && out.length < n) out += String(byte % 10);
    }
    this.drawn++;
    return out;
  }
}
