import { Inject, Injectable } from '@nestjs/common';
import { expiryCutoff, isExpiredAuthorization, voidHold } from '#domain';
import { Environment } from '#platform';
import { toState, TransactionsRepository, UnitOfWork } from '#persistence';
import { ApplyTransactionMessages } from './apply-transaction-messages.use-case.js';

/**
 * Expires authorizations pending longer than AUTH_EXPIRY_DAYS by each account's clock (real time
 * plus its offset), as a network would: one transaction each, with its AUTHORIZATION_EXPIRY event.
 */
@Injectable()
export class ExpireAuthorizations {
  constructor(
    @Inject(UnitOfWork) private readonly db: UnitOfWork,
    @Inject(TransactionsRepository) private readonly transactions: TransactionsRepository,
    @Inject(ApplyTransactionMessages) private readonly messages: ApplyTransactionMessages,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  async execute(
    realNow: Date,
    accountToken?: string,
    stopping: () => boolean = () => false,
  ): Promise<number> {
    const days = this.env.AUTH_EXPIRY_DAYS;
    const candidates = await this.transactions.pendingBefore(
      this.db.autocommit,
      expiryCutoff(realNow, days),
      accountToken,
    );
    let expired = 0;
    for (const candidate of candidates) {
      // A stopping sweeper leaves the rest to the next sweep, on this process or another.
      if (stopping()) break;
      const now = new Date(realNow.getTime() + candidate.clockOffsetMs);
      const done = await this.db.transaction(async (tx) => {
        const t = await this.transactions.lock(tx, candidate.accountToken, candidate.token);
        // Cleared or voided since it was read: nothing left to expire.
        if (!t || !isExpiredAuthorization(t, now, days)) return false;
        await this.messages.record(tx, t, voidHold(toState(t), 'AUTHORIZATION_EXPIRY'), now, null);
        return true;
      });
      if (done) expired++;
    }
    return expired;
  }
}
