import { Inject, Injectable } from '@nestjs/common';
import { accountSpendLimits, accountWindowStarts, DomainError, windowRead, windowUsage } from '#domain';
import { Clock, pageRequest, type ListQueryDto } from '#platform';
import {
  AccountsRepository,
  TransactionsRepository,
  UnitOfWork,
  type AccountEntity,
  type AuthenticatedAccount,
} from '#persistence';

/** The reads: the caller's account, and its spend limits. */
@Injectable()
export class FindAccounts {
  constructor(
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(TransactionsRepository) private readonly transactions: TransactionsRepository,
    @Inject(UnitOfWork) private readonly db: UnitOfWork,
  ) {}

  /** Limits, spend velocity and what is left, per trailing window (Lithic's AccountSpendLimits). */
  async spendLimits(caller: AuthenticatedAccount, token: string) {
    const account = await this.get(caller, token);
    // The account's counters are built the first time anything reads them.
    if (!account.counts_spend && !(await this.db.transaction((tx) => this.accounts.countSpend(tx, token))))
      throw new DomainError('NOT_FOUND', `Account ${token} not found`);
    const starts = accountWindowStarts(this.clock.now(caller));
    const [daily, monthly, lifetime] = await Promise.all(
      [starts.daily, starts.monthly, starts.lifetime].map(async (start) => {
        const read = windowRead(start);
        return windowUsage(read, await this.transactions.windowSums({ accountToken: token }, read));
      }),
    );
    const velocity = { daily, monthly, lifetime };
    const limits = accountSpendLimits(
      {
        daily: account.daily_spend_limit,
        monthly: account.monthly_spend_limit,
        lifetime: account.lifetime_spend_limit,
      },
      velocity,
    );
    return { spend_limit: limits.limit, spend_velocity: velocity, available_spend_limit: limits.available };
  }

  /** A key sees only its own account; any other token is "not found", never "forbidden". */
  /**
   * A key sees one account, its own, so the list has at most that one: inside begin/end, and never
   * after or before a cursor (the only token it could name is the account's own).
   */
  async list(caller: AuthenticatedAccount, query: ListQueryDto): Promise<AccountEntity[]> {
    const page = pageRequest(query);
    const account = await this.get(caller, caller.token);
    const inWindow =
      (!page.begin || account.created >= page.begin) && (!page.end || account.created < page.end);
    return inWindow && !page.startingAfter && !page.endingBefore ? [account] : [];
  }

  async get(caller: AuthenticatedAccount, token: string): Promise<AccountEntity> {
    const account = token === caller.token ? await this.accounts.findOne(token) : null;
    if (!account) throw new DomainError('NOT_FOUND', `Account ${token} not found`);
    return account;
  }
}
