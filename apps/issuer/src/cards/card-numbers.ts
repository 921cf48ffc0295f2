import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/** Where the random account digits of a PAN come from; replaceable by a seeded source. */
@Injectable()
export class CardNumberSource {
  digits(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += String(randomInt(10));
    return out;
  }
}
