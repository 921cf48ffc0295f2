import { Inject, Injectable } from '@nestjs/common';
import { expireHold, expiryCutoff, isExpiredAuthorization } from '#domain';
import { Environment } from '#platform';
import {
  toState,
  TransactionsRepository,
  UnitOfWork,
  type AuthenticatedAccount,
  type TransactionEntity,
} from '#persistence';
import { ApplyTransactionMessages } from './apply-transaction-messages.use-case.js';

/**
 * Expiring authorizations: the sweep of those pending longer than AUTH_EXPIRY_DAYS, and one expired
 * at once on request (POST /v1/transactions/{token}/expire_authorization). Both release the whole
 * hold through the domain's `expireHold` and record it as the network's expiry message.
 */
@Injectable()
export class ExpireAuthorizations {
  constructor(
    @Inject(UnitOfWork) private readonly db: UnitOfWork,
    @Inject(TransactionsRepository) private readonly transactions: TransactionsRepository,
    @Inject(ApplyTransactionMessages) private readonly messages: ApplyTransactionMessages,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  /**
   * Expires what is pending longer than AUTH_EXPIRY_DAYS by each account's clock (real time plus its
   * offset), as a network would: one transaction each, with its AUTHORIZATION_EXPIRY event.
   */
  async sweep(realNow: Date, accountToken?: string, stopping: () => boolean = () => false): Promise<number> {
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
        await this.messages.record(tx, t, expireHold(toState(t)), now, null);
        return true;
      });
      if (done) expired++;
    }
    return expired;
  }

  /**
   * Expires a pending authorization now, whatever its age; anything but PENDING is refused by the
   * domain (400). Applied as the network messages are, so its event, its card_transaction.updated
   * and an Idempotency-Key retry behave as a simulated expiry's.
   */
  now(account: AuthenticatedAccount, token: string, claim?: string): Promise<TransactionEntity> {
    return this.messages.expire(account, token, claim);
  }
}
