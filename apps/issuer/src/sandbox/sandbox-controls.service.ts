import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { clockAdvance, clockCapMessage, DomainError, MAX_CLOCK_OFFSET_MS } from '#domain';
import { Clock, Environment } from '#platform';
import {
  AccountsRepository,
  newApiKey,
  RESETTABLE_TABLES,
  UnitOfWork,
  type AuthenticatedAccount,
} from '#persistence';
import { TransactionMessages } from '../../../authorizer/src/transactions/transaction-messages.use-case.js';
import type { AdvanceClockDto } from './sandbox-controls.dtos.js';

export interface ClockView {
  now: string;
  offset_seconds: number;
}

/** The controls that make the sandbox better for tests than a hosted one. */
@Injectable()
export class SandboxControlsService {
  constructor(
    @Inject(UnitOfWork) private readonly db: UnitOfWork,
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(TransactionMessages) private readonly messages: TransactionMessages,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  /** A new, empty account with its own key: one per test worker, and they never see each other. */
  async createAccount(): Promise<{ account_token: string; api_key: string }> {
    const apiKey = newApiKey();
    const now = this.clock.now();
    const account = await this.db.transaction(async (tx) => {
      const account = await this.accounts.insert(tx, randomUUID(), now);
      await this.accounts.insertApiKey(tx, account.token, apiKey, now);
      return account;
    });
    return { account_token: account.token, api_key: apiKey };
  }

  async deleteAccount(caller: AuthenticatedAccount | 'admin', token: string): Promise<void> {
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
    await this.db.transaction(async (tx) => {
      await this.accounts.lock(tx, caller.token);
      for (const table of RESETTABLE_TABLES) await this.accounts.deleteOwned(tx, table, caller.token);
    });
  }

  view(caller: AuthenticatedAccount): ClockView {
    return {
      now: this.clock.now(caller).toISOString(),
      offset_seconds: Math.floor(caller.clockOffsetMs / 1000),
    };
  }

  /**
   * Moves the caller's clock forward (never back: history must stay consistent; at most
   * MAX_CLOCK_OFFSET_MS ahead of real time in total), then expires the
   * authorizations that were pending longer than AUTH_EXPIRY_DAYS by the new time.
   */
  async advance(caller: AuthenticatedAccount, input: AdvanceClockDto): Promise<ClockView> {
    const { byMs: by, field } = clockAdvance(this.clock.now(caller), caller.clockOffsetMs, input);
    // The cap holds in the statement too: two advances racing each other cannot pass it together.
    const offset = await this.accounts.advanceClock(caller.token, by, MAX_CLOCK_OFFSET_MS);
    if (offset === null) {
      if (!(await this.accounts.findOne(caller.token)))
        throw new DomainError('UNAUTHENTICATED', 'Unknown API key');
      throw new DomainError('VALIDATION', clockCapMessage(field));
    }
    const advanced = { ...caller, clockOffsetMs: offset };
    await this.messages.expireAuthorizations(this.clock.now(), caller.token);
    return this.view(advanced);
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
