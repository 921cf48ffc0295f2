import { Inject, Injectable } from '@nestjs/common';
import { DomainError, validateBankAccount, type FundingSource, type FundingSourceState } from '#domain';
import { Clock } from '#platform';
import {
  FundingSourceEntity,
  FundingSourcesRepository,
  TokenSource,
  type AuthenticatedAccount,
} from '#persistence';
import type { AddBankFundingSourceDto } from './privacy.dtos.js';

export type FundingSourceKind = 'bank' | 'card';

/** Privacy's funding accounts: the derived default and the banks added; a card names one of them. */
@Injectable()
export class ManageFundingSources {
  constructor(
    @Inject(FundingSourcesRepository) private readonly sources: FundingSourcesRepository,
    @Inject(TokenSource) private readonly tokens: TokenSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Every source of the account, the default first. */
  async all(account: AuthenticatedAccount): Promise<FundingSource[]> {
    const all = await this.sources.all(account.token);
    if (!all) throw new DomainError('UNAUTHENTICATED', 'Unknown API key: its account was deleted');
    return all;
  }

  async list(account: AuthenticatedAccount, kind?: FundingSourceKind): Promise<FundingSource[]> {
    const all = await this.all(account);
    if (kind === undefined) return all;
    return all.filter((source) => (source.type === 'CARD') === (kind === 'card'));
  }

  /** A bank account, verified at once (a sandbox has no micro-deposits): ENABLED. */
  async addBank(account: AuthenticatedAccount, input: AddBankFundingSourceDto): Promise<FundingSource> {
    validateBankAccount({ routingNumber: input.routing_number, accountNumber: input.account_number });
    const source = Object.assign(new FundingSourceEntity(), {
      token: this.tokens.uuid(),
      account_token: account.token,
      type: 'DEPOSITORY_CHECKING' as const,
      state: 'ENABLED' as const,
      account_name: input.account_name ?? 'Bank account',
      nickname: '',
      last_four: input.account_number.slice(-4),
      routing_number: input.routing_number,
      created: this.clock.now(account),
    });
    await this.sources.insert(source);
    return source;
  }

  /**
   * The sandbox's control over verification: a source may be made PENDING (unverified) or REMOVED,
   * to see a card it funds declined. The derived default cannot be changed.
   */
  async setState(
    account: AuthenticatedAccount,
    token: string,
    state: FundingSourceState,
  ): Promise<FundingSource> {
    const source = await this.sources.setState(account.token, token, state);
    if (!source)
      throw new DomainError(
        'NOT_FOUND',
        `Funding source ${token} not found (the default source cannot be changed; add a bank)`,
      );
    return source;
  }

  /** The source a new or changed card may name: one of the account's, not removed. */
  async usable(account: AuthenticatedAccount, token: string | undefined): Promise<string | null> {
    if (token === undefined) return null;
    const source = (await this.all(account)).find((s) => s.token === token);
    if (!source || source.state === 'REMOVED')
      throw new DomainError('VALIDATION', `funding_token: funding source ${token} not found`);
    return token;
  }
}
