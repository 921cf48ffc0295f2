import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  addDuration,
  advanceClockOffset,
  clockCapMessage,
  DomainError,
  MAX_CLOCK_OFFSET_MS,
  parseDuration,
} from '#domain';
import { Clock, Environment, toTransactionResponse } from '#http';
import {
  AccountsRepository,
  newApiKey,
  TransactionsRepository,
  type AuthenticatedAccount,
} from '#persistence';
import type { AdvanceClockDto } from './sandbox-controls.dtos.js';

export interface ClockView {
  now: string;
  offset_seconds: number;
}

/** The controls that make the sandbox better for tests than a hosted one. */
@Injectable()
export class SandboxControlsService {
  constructor(
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(TransactionsRepository) private readonly transactions: TransactionsRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(Environment) private readonly env: Environment,
  ) {}

  /** A new, empty account with its own key: one per test worker, and they never see each other. */
  async createAccount(): Promise<{ account_token: string; api_key: string }> {
    const apiKey = newApiKey();
    const account = await this.accounts.create(this.clock.now(), apiKey);
    return { account_token: account.token, api_key: apiKey };
  }

  async deleteAccount(caller: AuthenticatedAccount | 'admin', token: string): Promise<void> {
    // A key may delete only its own account (any other is "not found"); the admin key, any.
    if (caller !== 'admin' && caller.token !== token)
      throw new DomainError('NOT_FOUND', `Account ${token} not found`);
    if (!(await this.accounts.delete(token)))
      throw new DomainError('NOT_FOUND', `Account ${token} not found`);
  }

  reset(caller: AuthenticatedAccount): Promise<void> {
    return this.accounts.reset(caller.token);
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
    if ((input.seconds === undefined) === (input.duration === undefined)) {
      throw new DomainError('VALIDATION', 'Give exactly one of seconds or duration');
    }
    const field = input.duration !== undefined ? 'duration' : 'seconds';
    const from = this.clock.now(caller);
    const to = input.duration
      ? addDuration(from, parseDuration(input.duration, field))
      : new Date(from.getTime() + input.seconds! * 1000);
    const by = to.getTime() - from.getTime();
    if (by <= 0) throw new DomainError('VALIDATION', `${field} must move the clock forward`);
    advanceClockOffset(caller.clockOffsetMs, by, field);
    // The cap holds in the statement too: two advances racing each other cannot pass it together.
    const offset = await this.accounts.advanceClock(caller.token, by, MAX_CLOCK_OFFSET_MS);
    if (offset === null) {
      if (!(await this.accounts.findOne(caller.token)))
        throw new DomainError('UNAUTHENTICATED', 'Unknown API key');
      throw new DomainError('VALIDATION', clockCapMessage(field));
    }
    const advanced = { ...caller, clockOffsetMs: offset };
    await this.transactions.expirePending(
      this.clock.now(),
      this.env.AUTH_EXPIRY_DAYS,
      toTransactionResponse,
      caller.token,
    );
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
