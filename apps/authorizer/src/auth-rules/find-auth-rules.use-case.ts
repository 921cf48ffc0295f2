import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '#domain';
import { pageRequest } from '#platform';
import {
  AuthRulesRepository,
  UnitOfWork,
  type AuthenticatedAccount,
  type AuthRuleEntity,
  type AuthRuleResultEntity,
  type AuthRuleVersionEntity,
  type Page,
} from '#persistence';
import type { ListAuthRuleResultsQueryDto, ListAuthRulesQueryDto } from './auth-rules.dtos.js';

/** The reads: a rule, a page of rules, a rule's versions, evaluation results. */
@Injectable()
export class FindAuthRules {
  constructor(
    @Inject(UnitOfWork) private readonly db: UnitOfWork,
    @Inject(AuthRulesRepository) private readonly rules: AuthRulesRepository,
  ) {}

  async get(account: AuthenticatedAccount, token: string): Promise<AuthRuleEntity> {
    const rule = await this.rules.find(this.db.autocommit, account.token, token);
    if (!rule) throw new DomainError('NOT_FOUND', `Auth rule ${token} not found`);
    return rule;
  }

  list(account: AuthenticatedAccount, query: ListAuthRulesQueryDto): Promise<Page<AuthRuleEntity>> {
    // Another account's (or any business account's) token lists nothing: a key sees only its own.
    if ((query.account_token && query.account_token !== account.token) || query.business_account_token)
      return Promise.resolve({ data: [], hasMore: false });
    const streams = [...(query.event_streams ?? []), ...(query.event_stream ? [query.event_stream] : [])];
    return this.rules.list(
      account.token,
      {
        cardToken: query.card_token,
        accountToken: query.account_token,
        scope: query.scope,
        eventStreams: streams,
      },
      pageRequest(query),
    );
  }

  async versions(
    account: AuthenticatedAccount,
    token: string,
  ): Promise<{ rule: AuthRuleEntity; versions: AuthRuleVersionEntity[] }> {
    const rule = await this.get(account, token);
    return { rule, versions: await this.rules.versions(this.db.autocommit, token) };
  }

  /** Lithic asks for a filter; the sandbox lists all of the account's results without one. */
  results(
    account: AuthenticatedAccount,
    query: ListAuthRuleResultsQueryDto,
  ): Promise<Page<AuthRuleResultEntity>> {
    return this.rules.listResults(
      account.token,
      { ruleToken: query.auth_rule_token, eventToken: query.event_token, hasActions: query.has_actions },
      pageRequest(query),
    );
  }
}
