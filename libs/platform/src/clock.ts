import { Injectable } from '@nestjs/common';
import { offsetClock, systemClock, type Clock as DomainClock } from '#domain';
import type { AuthenticatedAccount } from '#persistence';

/**
 * The injected clock. Each account sees real time plus its sandbox clock offset; tests replace the
 * base clock through Nest's DI.
 */
@Injectable()
export class Clock {
  constructor(private readonly base: DomainClock = systemClock) {}

  now(account?: Pick<AuthenticatedAccount, 'clockOffsetMs'>): Date {
    return account ? offsetClock(this.base, account.clockOffsetMs).now() : this.base.now();
  }
}
