import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '#platform';
import type { AuthenticatedAccount } from '#persistence';
import type { ClockResponseDto } from './sandbox-clock.dtos.js';

/** The caller's sandbox clock: real time plus the account's offset. */
@Injectable()
export class FindClock {
  constructor(@Inject(Clock) private readonly clock: Clock) {}

  get(caller: AuthenticatedAccount): ClockResponseDto {
    return {
      now: this.clock.now(caller).toISOString(),
      offset_seconds: Math.floor(caller.clockOffsetMs / 1000),
    };
  }
}
