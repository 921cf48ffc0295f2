import { Inject, Injectable } from '@nestjs/common';
import { clockAdvance, clockCapMessage, DomainError, MAX_CLOCK_OFFSET_MS } from '#domain';
import { Clock } from '#platform';
import { AccountsRepository, type AuthenticatedAccount } from '#persistence';
import { FindClock } from './find-clock.use-case.js';
import { ExpireAuthorizations } from '../transactions/expire-authorizations.use-case.js';
import type { AdvanceClockDto, ClockResponseDto } from './sandbox-clock.dtos.js';

/**
 * Moves the caller's clock forward (never back: history must stay consistent; at most
 * MAX_CLOCK_OFFSET_MS ahead of real time in total), then expires the authorizations that were
 * pending longer than AUTH_EXPIRY_DAYS by the new time. It lives in the authorizer because the
 * expiry is the authorizer's: the issuer never reaches into it.
 */
@Injectable()
export class AdvanceClock {
  constructor(
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(ExpireAuthorizations) private readonly expire: ExpireAuthorizations,
    @Inject(FindClock) private readonly view: FindClock,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute(caller: AuthenticatedAccount, input: AdvanceClockDto): Promise<ClockResponseDto> {
    const { byMs: by, field } = clockAdvance(this.clock.now(caller), caller.clockOffsetMs, input);
    // The cap holds in the statement too: two advances racing each other cannot pass it together.
    const offset = await this.accounts.advanceClock(caller.token, by, MAX_CLOCK_OFFSET_MS);
    if (offset === null) {
      if (!(await this.accounts.findOne(caller.token)))
        throw new DomainError('UNAUTHENTICATED', 'Unknown API key');
      throw new DomainError('VALIDATION', clockCapMessage(field));
    }
    await this.expire.sweep(this.clock.now(), caller.token);
    return this.view.get({ ...caller, clockOffsetMs: offset });
  }
}
