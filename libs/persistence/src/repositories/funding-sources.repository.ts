import type { DataSource } from 'typeorm';
import { accountFundingSources, type FundingSource, type FundingSourceState } from '#domain';
import { FundingSourceEntity } from '../entities/index.js';

/** The funding accounts added through Privacy's API; the default one is derived, not stored. */
export class FundingSourcesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every source of the account, its derived default first; null when the account is gone. */
  async all(accountToken: string): Promise<FundingSource[] | null> {
    const [created, added] = await Promise.all([this.accountCreated(accountToken), this.list(accountToken)]);
    return created && accountFundingSources(accountToken, created, added);
  }

  /** When the account was made: its default source's `created`. Null when it is gone. */
  async accountCreated(accountToken: string): Promise<Date | null> {
    const [row] = await this.dataSource.query<{ created: Date }[]>(
      'SELECT created FROM accounts WHERE token = $1',
      [accountToken],
    );
    return row ? new Date(row.created) : null;
  }

  list(accountToken: string): Promise<FundingSourceEntity[]> {
    return this.dataSource
      .getRepository(FundingSourceEntity)
      .find({ where: { account_token: accountToken }, order: { created: 'ASC', token: 'ASC' } });
  }

  findOne(accountToken: string, token: string): Promise<FundingSourceEntity | null> {
    return this.dataSource
      .getRepository(FundingSourceEntity)
      .findOneBy({ account_token: accountToken, token });
  }

  /** The source with its new state, or null when the account has none with this token. */
  async setState(
    accountToken: string,
    token: string,
    state: FundingSourceState,
  ): Promise<FundingSourceEntity | null> {
    const result = await this.dataSource
      .getRepository(FundingSourceEntity)
      .update({ account_token: accountToken, token }, { state });
    return result.affected ? this.findOne(accountToken, token) : null;
  }

  async insert(source: FundingSourceEntity): Promise<void> {
    await this.dataSource.getRepository(FundingSourceEntity).insert(source);
  }
}
