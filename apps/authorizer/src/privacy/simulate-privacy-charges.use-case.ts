import { Inject, Injectable } from '@nestjs/common';
import { TransactionsRepository, type AuthenticatedAccount } from '#persistence';
import { AuthorizeCharge, type AuthorizationOutcome } from '../simulate/authorize-charge.use-case.js';
import { PostMerchantCredit } from '../simulate/post-merchant-credit.use-case.js';
import type { SimulateAuthorizationDto, SimulateMerchantMessageDto } from '../simulate/simulate.dtos.js';

/**
 * Privacy's simulated charges share Lithic's routes and bodies (`{descriptor, pan, amount}` is a
 * subset of Lithic's): the same use cases decide them. A charge sent in Privacy's `api-key` form
 * is then marked as Privacy's, for the dashboard. The mark is a label written after the charge
 * commits, not part of it: a crash in between leaves the charge shown as Lithic's.
 */
@Injectable()
export class SimulatePrivacyCharges {
  constructor(
    @Inject(AuthorizeCharge) private readonly authorizeCharge: AuthorizeCharge,
    @Inject(PostMerchantCredit) private readonly postCredit: PostMerchantCredit,
    @Inject(TransactionsRepository) private readonly transactions: TransactionsRepository,
  ) {}

  async authorize(
    account: AuthenticatedAccount,
    input: SimulateAuthorizationDto,
    claim?: string,
  ): Promise<AuthorizationOutcome> {
    const outcome = await this.authorizeCharge.execute(account, input, claim);
    await this.transactions.markApi(account.token, outcome.token, 'PRIVACY');
    return outcome;
  }

  async return(
    account: AuthenticatedAccount,
    input: SimulateMerchantMessageDto,
    claim?: string,
  ): Promise<string> {
    const token = await this.postCredit.execute(account, input, 'RETURN', claim);
    await this.transactions.markApi(account.token, token, 'PRIVACY');
    return token;
  }
}
