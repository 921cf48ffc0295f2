import { Inject, Injectable } from '@nestjs/common';
import {
  backtest,
  DomainError,
  type AuthRuleEventStream,
  type AuthRuleType,
  type CardState,
  type HistoricCharge,
  type RuleParameters,
  type RuleVersion,
} from '#domain';
import { Clock, pageRequest, type PageWindowQueryDto } from '#platform';
import { toBacktestResults } from '#lithic-wire';
import {
  AuthRuleBacktestEntity,
  AuthRulesRepository,
  outboxEvent,
  TokenSource,
  UnitOfWork,
  writeOutbox,
  type AuthenticatedAccount,
  type AuthRuleEntity,
  type HistoryRow,
  type Page,
} from '#persistence';
import type { CreateBacktestDto } from './auth-rules.dtos.js';

const DEFAULT_SPAN_MS = 30 * 86_400_000;

/**
 * Backtests: a rule's current and draft versions replayed over the account's stored debit
 * authorizations between two instants. The sandbox has the whole history at hand, so the report
 * is computed when asked for (status SUCCESS at once) and its counts are exact.
 */
@Injectable()
export class BacktestAuthRule {
  constructor(
    @Inject(UnitOfWork) private readonly db: UnitOfWork,
    @Inject(AuthRulesRepository) private readonly rules: AuthRulesRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(TokenSource) private readonly tokens: TokenSource,
  ) {}

  async create(
    account: AuthenticatedAccount,
    ruleToken: string,
    input: CreateBacktestDto,
  ): Promise<AuthRuleBacktestEntity> {
    const now = this.clock.now(account);
    const end = input.end ? new Date(input.end) : now;
    const start = input.start ? new Date(input.start) : new Date(end.getTime() - DEFAULT_SPAN_MS);
    if (start >= end) throw new DomainError('VALIDATION', 'start: must be before end');
    const rule = await this.rule(account, ruleToken);
    if (rule.event_stream !== 'AUTHORIZATION')
      throw new DomainError(
        'VALIDATION',
        'auth_rule_token: only AUTHORIZATION rules can be backtested on charges',
      );
    const cards = rule.program_level || rule.account_tokens.length > 0 ? null : rule.card_tokens;
    const excluded = rule.program_level ? rule.excluded_card_tokens : [];
    const history = (
      await this.rules.history(this.db.autocommit, account.token, cards, excluded, start, end)
    ).map(toHistoricCharge);
    const run = (version: number | null, parameters: object | null) =>
      version === null ? null : backtest(versionOf(rule, version, parameters), history);
    const backtested = Object.assign(new AuthRuleBacktestEntity(), {
      token: this.tokens.uuid(),
      account_token: account.token,
      rule_token: rule.token,
      start,
      end,
      results: {
        current_version: run(rule.current_version, rule.current_parameters),
        draft_version: run(rule.draft_version, rule.draft_parameters),
      },
      created: now,
    });
    await this.db.transaction(async (tx) => {
      await this.rules.insertBacktest(tx, backtested);
      await writeOutbox(tx, [
        outboxEvent(
          this.tokens,
          account.token,
          'auth_rules.backtest_report.created',
          toBacktestResults(backtested),
          now,
        ),
      ]);
    });
    return backtested;
  }

  async get(
    account: AuthenticatedAccount,
    ruleToken: string,
    token: string,
  ): Promise<AuthRuleBacktestEntity> {
    await this.rule(account, ruleToken);
    const found = await this.rules.findBacktest(this.db.autocommit, ruleToken, token);
    if (!found) throw new DomainError('NOT_FOUND', `Backtest ${token} not found`);
    return found;
  }

  async list(
    account: AuthenticatedAccount,
    ruleToken: string,
    query: PageWindowQueryDto & { starting_after?: string; ending_before?: string },
  ): Promise<Page<AuthRuleBacktestEntity>> {
    await this.rule(account, ruleToken);
    return this.rules.listBacktests(account.token, ruleToken, pageRequest(query));
  }

  private async rule(account: AuthenticatedAccount, token: string): Promise<AuthRuleEntity> {
    const rule = await this.rules.find(this.db.autocommit, account.token, token);
    if (!rule) throw new DomainError('NOT_FOUND', `Auth rule ${token} not found`);
    return rule;
  }
}

function versionOf(rule: AuthRuleEntity, version: number, parameters: object | null): RuleVersion {
  return {
    token: rule.token,
    version,
    name: rule.name,
    type: rule.type as AuthRuleType,
    eventStream: rule.event_stream as AuthRuleEventStream,
    parameters: parameters as RuleParameters,
  };
}

// The card's state is today's: the sandbox keeps no history of card states.
function toHistoricCharge(row: HistoryRow): HistoricCharge {
  return {
    transactionToken: row.token,
    eventToken: row.event_token,
    cardToken: row.card_token,
    created: row.created,
    approved: row.result === 'APPROVED',
    subject: {
      mcc: row.mcc,
      country: row.merchant_country,
      currency: row.merchant_currency,
      merchantId: row.merchant_acceptor_id,
      descriptor: row.descriptor,
      amount: Number(row.authorization_amount),
      cardState: row.card_state as CardState,
      pinEntered: false,
    },
  };
}
