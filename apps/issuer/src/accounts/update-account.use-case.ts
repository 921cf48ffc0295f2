import { Inject, Injectable } from '@nestjs/common';
import { DomainError, updateAccount } from '#domain';
import { Clock } from '#platform';
import { AccountsRepository, UnitOfWork, type AccountEntity, type AuthenticatedAccount } from '#persistence';
import type { UpdateAccountDto } from './accounts.dtos.js';

/** Changes an account's state, limits or notes (substatus, comment, address), decided with the account row locked (CLOSED is final). */
@Injectable()
export class UpdateAccount {
  constructor(
    @Inject(UnitOfWork) private readonly db: UnitOfWork,
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute(
    caller: AuthenticatedAccount,
    token: string,
    input: UpdateAccountDto,
  ): Promise<AccountEntity> {
    // A key sees only its own account; any other token is "not found", never "forbidden".
    if (token !== caller.token) throw notFound(token);
    const now = this.clock.now(caller);
    const updated = await this.db.transaction(async (tx) => {
      const current = await this.accounts.lock(tx, token);
      if (!current) return null;
      const update = updateAccount(current, {
        state: input.state,
        dailySpendLimit: input.daily_spend_limit,
        monthlySpendLimit: input.monthly_spend_limit,
        lifetimeSpendLimit: input.lifetime_spend_limit,
        substatus: input.substatus,
        comment: input.comment,
        verificationAddress: input.verification_address && { ...input.verification_address },
      });
      return this.accounts.update(tx, token, update, now);
    });
    if (!updated) throw notFound(token);
    return updated;
  }
}

function notFound(token: string): DomainError {
  return new DomainError('NOT_FOUND', `Account ${token} not found`);
}
