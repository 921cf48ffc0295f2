import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type VelocityParameters } from '#domain';
import { Clock } from '#platform';
import { toAuthRuleVersionResponse, toPerformanceReport } from '#lithic-wire';
import {
  AccountsRepository,
  AuthRulesRepository,
  UnitOfWork,
  type AuthenticatedAccount,
  type AuthRuleEntity,
} from '#persistence';
import { ruleUsage } from './charge-rules.js';
import type { FeaturesQueryDto, ReportQueryDto } from './auth-rules.dtos.js';

const DAY_MS = 86_400_000;

/** What a rule has seen: its velocity features now, and its daily performance report. */
@Injectable()
export class ReportAuthRule {
  constructor(
    @Inject(UnitOfWork) private readonly db: UnitOfWork,
    @Inject(AuthRulesRepository) private readonly rules: AuthRulesRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
  ) {}

  /**
   * The active version's velocity, as a charge now would read it: a CARD-scoped limit for the
   * `card_token` given, an ACCOUNT-scoped one for the key's account. Conditional rules have none.
   */
  async features(account: AuthenticatedAccount, token: string, query: FeaturesQueryDto) {
    const rule = await this.rule(account, token);
    const now = this.clock.now(account);
    if (rule.type !== 'VELOCITY_LIMIT' || rule.current_version === null)
      return { evaluated: now.toISOString(), features: [] };
    const parameters = rule.current_parameters as unknown as VelocityParameters;
    if (query.account_token && query.account_token !== account.token)
      throw new DomainError('NOT_FOUND', `Account ${query.account_token} not found`);
    if (parameters.scope === 'CARD' && !query.card_token)
      throw new DomainError(
        'VALIDATION',
        'card_token: a CARD-scoped velocity limit is calculated for one card',
      );
    let cardToken = query.card_token ?? null;
    if (cardToken && (await this.rules.ownCards(this.db.autocommit, account.token, [cardToken])).length === 0)
      throw new DomainError('NOT_FOUND', `Card ${cardToken} not found`);
    cardToken ??= account.token;
    // An account-scoped limit reads the account's counters, built the first time anything reads them.
    if (parameters.scope === 'ACCOUNT' && !(await this.accounts.findOne(account.token))?.counts_spend)
      await this.db.transaction((tx) => this.accounts.countSpend(tx, account.token));
    const usage = await ruleUsage(
      this.rules,
      this.db.autocommit,
      {
        token: cardToken,
        accountToken: account.token,
        authRules: [
          {
            token: rule.token,
            version: rule.current_version,
            name: rule.name,
            type: 'VELOCITY_LIMIT',
            eventStream: 'AUTHORIZATION',
            parameters,
          },
        ],
      },
      now,
    );
    const used = usage[rule.token];
    return {
      evaluated: now.toISOString(),
      features: [
        {
          scope: parameters.scope,
          period: parameters.period,
          filters: parameters.filters ?? {},
          value: { amount: used.amount, count: used.count },
        },
      ],
    };
  }

  /** Whole UTC days from begin to end (at most 31); today's evaluations are included. */
  async report(account: AuthenticatedAccount, token: string, query: ReportQueryDto) {
    const rule = await this.rule(account, token);
    const from = new Date(`${query.begin}T00:00:00Z`);
    const until = new Date(new Date(`${query.end}T00:00:00Z`).getTime() + DAY_MS);
    if (until <= from) throw new DomainError('VALIDATION', 'end: must not be before begin');
    if (until.getTime() - from.getTime() > 31 * DAY_MS)
      throw new DomainError('VALIDATION', 'end: a report covers at most one month (31 days)');
    const [results, versions] = await Promise.all([
      this.rules.resultsBetween(this.db.autocommit, account.token, token, from, until),
      this.rules.versions(this.db.autocommit, token),
    ]);
    const states = new Map(versions.map((v) => [v.version, toAuthRuleVersionResponse(rule, v).state]));
    return toPerformanceReport(rule, states, query.begin, query.end, results);
  }

  private async rule(account: AuthenticatedAccount, token: string): Promise<AuthRuleEntity> {
    const rule = await this.rules.find(this.db.autocommit, account.token, token);
    if (!rule) throw new DomainError('NOT_FOUND', `Auth rule ${token} not found`);
    return rule;
  }
}
