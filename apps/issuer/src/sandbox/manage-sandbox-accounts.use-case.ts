import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '#domain';
import { Clock, Environment } from '#platform';
import {
  AccountsRepository,
  newApiKey,
  RESETTABLE_TABLES,
  TokenSource,
  UnitOfWork,
  type AuthenticatedAccount,
  type Queryable,
} from '#persistence';

/** Tenants on demand: an account with its own key, deleted or emptied when a test is done with it. */
@Injectable()
export class ManageSandboxAccounts {
  constructor(
    @Inject(UnitOfWork) private readonly db: UnitOfWork,
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(Environment) private readonly env: Environment,
    @Inject(TokenSource) private readonly tokens: TokenSource,
  ) {}

  /** A new, empty account with its own key: one per test worker, and they never see each other. */
  async create(): Promise<{ account_token: string; api_key: string }> {
    const apiKey = newApiKey();
    const now = this.clock.now();
    const account = await this.db.transaction(async (tx) => {
      const account = await this.accounts.insert(tx, this.tokens.uuid(), now);
      await this.accounts.insertApiKey(tx, account.token, apiKey, now);
      return account;
    });
    return { account_token: account.token, api_key: apiKey };
  }

  async delete(caller: AuthenticatedAccount | 'admin', token: string): Promise<void> {
    // A key may delete only its own account (any other is "not found"); the admin key, any.
    if (caller !== 'admin' && caller.token !== token)
      throw new DomainError('NOT_FOUND', `Account ${token} not found`);
    if (!(await this.accounts.delete(token)))
      throw new DomainError('NOT_FOUND', `Account ${token} not found`);
  }

  /**
   * Deletes the caller's cards (with their transactions and events) and remembered requests. The
   * account row is locked first: writes in flight on the account finish before, later ones after.
   */
  async reset(caller: AuthenticatedAccount): Promise<void> {
    await this.db.transaction((tx) => this.clear(tx, caller.token));
  }

  /** A reset inside the caller's transaction (a restore resets, then inserts, in one). */
  async clear(tx: Queryable, token: string): Promise<void> {
    await this.accounts.lock(tx, token);
    for (const table of RESETTABLE_TABLES) await this.accounts.deleteOwned(tx, table, token);
  }

  /** Whether the Authorization header carries SANDBOX_ADMIN_KEY (when one is configured). */
  isAdmin(key: string | null): boolean {
    if (!this.env.SANDBOX_ADMIN_KEY || !key) return false;
    // Compare digests in constant time: the comparison must not leak the key's prefix.
    const digest = (text: string) => createHash('sha256').update(text).digest();
    return timingSafeEqual(digest(key), digest(this.env.SANDBOX_ADMIN_KEY));
  }

  adminRequired(): boolean {
    return Boolean(this.env.SANDBOX_ADMIN_KEY);
  }
}
