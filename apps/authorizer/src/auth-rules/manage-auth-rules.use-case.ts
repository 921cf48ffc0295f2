import { Inject, Injectable } from '@nestjs/common';
import { DomainError, parseRuleParameters, type AuthRuleEventStream, type AuthRuleType } from '#domain';
import { Clock } from '#platform';
import {
  AuthRuleEntity,
  AuthRulesRepository,
  TokenSource,
  UnitOfWork,
  type AuthenticatedAccount,
  type Queryable,
} from '#persistence';
import type { CreateAuthRuleDto, DraftAuthRuleDto, UpdateAuthRuleDto } from './auth-rules.dtos.js';

type Scope = Pick<
  AuthRuleEntity,
  'program_level' | 'card_tokens' | 'account_tokens' | 'excluded_card_tokens' | 'excluded_account_tokens'
>;

/**
 * Creating and changing Auth Rules v2: a new rule is a draft (version 1) until promoted; a draft
 * never decides anything. Scopes name this key's own cards and account only.
 */
@Injectable()
export class ManageAuthRules {
  constructor(
    @Inject(UnitOfWork) private readonly db: UnitOfWork,
    @Inject(AuthRulesRepository) private readonly rules: AuthRulesRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(TokenSource) private readonly tokens: TokenSource,
  ) {}

  async create(account: AuthenticatedAccount, input: CreateAuthRuleDto): Promise<AuthRuleEntity> {
    const stream: AuthRuleEventStream = input.event_stream ?? 'AUTHORIZATION';
    const parameters = parseRuleParameters(input.type, stream, input.parameters);
    const now = this.clock.now(account);
    const scope = await this.scope(this.db.autocommit, account, input, null);
    const rule = Object.assign(new AuthRuleEntity(), {
      token: this.tokens.uuid(),
      account_token: account.token,
      state: 'ACTIVE',
      type: input.type,
      event_stream: stream,
      name: input.name ?? null,
      ...scope,
      current_version: null,
      current_parameters: null,
      draft_version: 1,
      draft_parameters: parameters,
      latest_version: 1,
      created: now,
      updated: now,
    });
    await this.rules.insert(this.db.autocommit, rule, parameters as object as Record<string, unknown>);
    return rule;
  }

  /** Name, deactivation and scope; a scope given replaces the old one whole (the spec). */
  update(account: AuthenticatedAccount, token: string, input: UpdateAuthRuleDto): Promise<AuthRuleEntity> {
    return this.change(account, token, async (tx, rule) => {
      const scope = await this.scope(tx, account, input, rule);
      Object.assign(rule, scope);
      if (input.name !== undefined) rule.name = input.name;
      if (input.state) rule.state = input.state;
    });
  }

  /** A new draft version (the next number), or with null parameters, no draft. */
  draft(account: AuthenticatedAccount, token: string, input: DraftAuthRuleDto): Promise<AuthRuleEntity> {
    return this.change(account, token, async (tx, rule, now) => {
      if (input.parameters === null || input.parameters === undefined) {
        rule.draft_version = null;
        rule.draft_parameters = null;
        return;
      }
      const parameters = parseRuleParameters(
        rule.type as AuthRuleType,
        rule.event_stream as AuthRuleEventStream,
        input.parameters,
      ) as object as Record<string, unknown>;
      rule.latest_version += 1;
      rule.draft_version = rule.latest_version;
      rule.draft_parameters = parameters;
      await this.rules.addVersion(tx, rule.token, rule.draft_version, parameters, now);
    });
  }

  /** The draft becomes the current version, and the rule active; without a draft, a 400. */
  promote(account: AuthenticatedAccount, token: string): Promise<AuthRuleEntity> {
    return this.change(account, token, async (_tx, rule) => {
      if (rule.draft_version === null)
        throw new DomainError('VALIDATION', `auth_rule_token: rule ${token} has no draft version to promote`);
      rule.current_version = rule.draft_version;
      rule.current_parameters = rule.draft_parameters;
      rule.draft_version = null;
      rule.draft_parameters = null;
      rule.state = 'ACTIVE';
    });
  }

  async delete(account: AuthenticatedAccount, token: string): Promise<void> {
    if (!(await this.rules.delete(this.db.autocommit, account.token, token)))
      throw new DomainError('NOT_FOUND', `Auth rule ${token} not found`);
  }

  private change(
    account: AuthenticatedAccount,
    token: string,
    edit: (tx: Queryable, rule: AuthRuleEntity, now: Date) => Promise<void>,
  ): Promise<AuthRuleEntity> {
    const now = this.clock.now(account);
    return this.db.transaction(async (tx) => {
      const rule = await this.rules.find(tx, account.token, token, true);
      if (!rule) throw new DomainError('NOT_FOUND', `Auth rule ${token} not found`);
      await edit(tx, rule, now);
      rule.updated = now;
      await this.rules.save(tx, rule);
      return rule;
    });
  }

  /**
   * The rule's scope after this request: one of card_tokens, account_tokens or program_level. A
   * new rule that names none applies to the key's account (each key is its own program here).
   */
  private async scope(
    db: Queryable,
    account: AuthenticatedAccount,
    input: UpdateAuthRuleDto,
    existing: Scope | null,
  ): Promise<Scope> {
    for (const field of ['business_account_tokens', 'excluded_business_account_tokens'] as const)
      if (input[field]?.length)
        throw new DomainError('VALIDATION', `${field}: the sandbox has no business accounts`);
    const given = {
      card: input.card_tokens !== undefined,
      account: input.account_tokens !== undefined,
      program: input.program_level !== undefined,
    };
    if (
      [input.card_tokens?.length, input.account_tokens?.length, input.program_level].filter(Boolean).length >
      1
    )
      throw new DomainError(
        'VALIDATION',
        'card_tokens, account_tokens, program_level: a rule applies to cards, to accounts or to the program, only one',
      );
    const scope: Scope = existing
      ? { ...existing }
      : {
          program_level: false,
          card_tokens: [],
          account_tokens: [account.token],
          excluded_card_tokens: [],
          excluded_account_tokens: [],
        };
    if (given.card || given.account || given.program) {
      scope.card_tokens = unique(input.card_tokens ?? []);
      scope.account_tokens = unique(input.account_tokens ?? []);
      scope.program_level = input.program_level ?? false;
      if (!scope.program_level && scope.card_tokens.length === 0 && scope.account_tokens.length === 0)
        scope.account_tokens = [account.token];
    }
    if (input.excluded_card_tokens !== undefined)
      scope.excluded_card_tokens = unique(input.excluded_card_tokens);
    if (input.excluded_account_tokens !== undefined)
      scope.excluded_account_tokens = unique(input.excluded_account_tokens);
    const foreign = scope.account_tokens.find((t) => t !== account.token);
    if (foreign) throw new DomainError('VALIDATION', `account_tokens: ${foreign} is not this key's account`);
    const foreignExcluded = scope.excluded_account_tokens.find((t) => t !== account.token);
    if (foreignExcluded)
      throw new DomainError(
        'VALIDATION',
        `excluded_account_tokens: ${foreignExcluded} is not this key's account`,
      );
    for (const field of ['card_tokens', 'excluded_card_tokens'] as const) {
      const own = new Set(await this.rules.ownCards(db, account.token, scope[field]));
      const missing = scope[field].find((t) => !own.has(t));
      if (missing) throw new DomainError('VALIDATION', `${field}: ${missing} is not a card of this account`);
    }
    if (!scope.program_level && (scope.excluded_card_tokens.length || scope.excluded_account_tokens.length))
      throw new DomainError(
        'VALIDATION',
        'excluded_card_tokens, excluded_account_tokens: exclusions apply to program-level rules only',
      );
    return scope;
  }
}

const unique = (tokens: string[]) => [...new Set(tokens)];
