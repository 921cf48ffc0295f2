import { Inject, Injectable } from '@nestjs/common';
import type { MerchantCredit } from '#domain';
import { Clock } from '#platform';
import {
  AuthorizationsRepository,
  CardVault,
  isClaimConflict,
  TokenSource,
  UnitOfWork,
  type AuthenticatedAccount,
} from '#persistence';
import { findCard, newRecord, withEvents } from './authorize-charge.use-case.js';
import type { SimulateMerchantMessageDto } from './simulate.dtos.js';

/**
 * A merchant's credit, which no rule decides: a return (a refund) settles at once whatever the
 * card's state; a credit authorization advice holds until cleared. One autocommitted statement.
 */
@Injectable()
export class PostMerchantCredit {
  constructor(
    @Inject(UnitOfWork) private readonly db: UnitOfWork,
    @Inject(AuthorizationsRepository) private readonly authorizations: AuthorizationsRepository,
    @Inject(CardVault) private readonly vault: CardVault,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(TokenSource) private readonly tokens: TokenSource,
  ) {}

  async execute(
    account: AuthenticatedAccount,
    input: SimulateMerchantMessageDto,
    credit: MerchantCredit,
    claim?: string,
  ): Promise<string> {
    // A retry of a request that crashed after committing its credit answers with that credit.
    const earlier = claim && (await this.findByClaim(account, claim));
    if (earlier) return earlier;
    const card = await findCard(this.authorizations, this.vault, this.db.autocommit, account, input.pan);
    const now = this.clock.now(account);
    const record = newRecord(card, input, { credit }, now, {
      deadline: null,
      claim: claim ?? null,
      tokens: this.tokens,
    });
    try {
      await this.authorizations.record(
        this.db.autocommit,
        withEvents(record, card, now, this.vault, this.tokens),
      );
    } catch (error) {
      const raced = claim && isClaimConflict(error) && (await this.findByClaim(account, claim));
      if (raced) return raced;
      throw error;
    }
    return record.transaction.token;
  }

  private async findByClaim(account: AuthenticatedAccount, claim: string): Promise<string | null> {
    const found = await this.authorizations.findByIdempotencyClaim(this.db.autocommit, account.token, claim);
    return found?.token ?? null;
  }
}
