import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccount, toListResponse } from '#platform';
import {
  toAuthRuleResponse,
  toAuthRuleResultResponse,
  toAuthRuleVersionResponse,
  toBacktestListItem,
  toBacktestResults,
} from '#lithic-wire';
import type { AuthenticatedAccount } from '#persistence';
import {
  AuthRuleParamsDto,
  BacktestParamsDto,
  CreateAuthRuleDto,
  CreateBacktestDto,
  ListBacktestsQueryDto,
  DraftAuthRuleDto,
  FeaturesQueryDto,
  ReportQueryDto,
  ListAuthRuleResultsQueryDto,
  ListAuthRulesQueryDto,
  UpdateAuthRuleDto,
} from './auth-rules.dtos.js';
import { BacktestAuthRule } from './backtest-auth-rule.use-case.js';
import { FindAuthRules } from './find-auth-rules.use-case.js';
import { ManageAuthRules } from './manage-auth-rules.use-case.js';
import { ReportAuthRule } from './report-auth-rule.use-case.js';

/** Lithic's Auth Rules v2: spend controls decided by the authorizer with the card's own rules. */
@ApiTags('Auth Rules')
@Controller('v2/auth_rules')
export class AuthRulesController {
  constructor(
    @Inject(ManageAuthRules) private readonly manage: ManageAuthRules,
    @Inject(FindAuthRules) private readonly find: FindAuthRules,
    @Inject(BacktestAuthRule) private readonly backtests: BacktestAuthRule,
    @Inject(ReportAuthRule) private readonly reports: ReportAuthRule,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a rule; its parameters are a draft until promoted' })
  async create(@CurrentAccount() account: AuthenticatedAccount, @Body() body: CreateAuthRuleDto) {
    return toAuthRuleResponse(await this.manage.create(account, body));
  }

  @Get()
  @ApiOperation({ summary: 'List rules, newest first' })
  async list(@CurrentAccount() account: AuthenticatedAccount, @Query() query: ListAuthRulesQueryDto) {
    return toListResponse(await this.find.list(account, query), toAuthRuleResponse);
  }

  @Get('results')
  @ApiOperation({ summary: 'Evaluation results: which rule ran on which event, and what it did' })
  async results(
    @CurrentAccount() account: AuthenticatedAccount,
    @Query() query: ListAuthRuleResultsQueryDto,
  ) {
    return toListResponse(await this.find.results(account, query), toAuthRuleResultResponse);
  }

  @Get(':auth_rule_token')
  @ApiOperation({ summary: 'Get a rule' })
  async get(@CurrentAccount() account: AuthenticatedAccount, @Param() params: AuthRuleParamsDto) {
    return toAuthRuleResponse(await this.find.get(account, params.auth_rule_token));
  }

  @Patch(':auth_rule_token')
  @ApiOperation({ summary: 'Rename, deactivate or rescope a rule' })
  async update(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param() params: AuthRuleParamsDto,
    @Body() body: UpdateAuthRuleDto,
  ) {
    return toAuthRuleResponse(await this.manage.update(account, params.auth_rule_token, body));
  }

  @Delete(':auth_rule_token')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a rule' })
  async delete(@CurrentAccount() account: AuthenticatedAccount, @Param() params: AuthRuleParamsDto) {
    await this.manage.delete(account, params.auth_rule_token);
  }

  @Post(':auth_rule_token/draft')
  @HttpCode(200)
  @ApiOperation({ summary: 'Draft a new version (null parameters discard the draft)' })
  async draft(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param() params: AuthRuleParamsDto,
    @Body() body: DraftAuthRuleDto,
  ) {
    return toAuthRuleResponse(await this.manage.draft(account, params.auth_rule_token, body));
  }

  @Post(':auth_rule_token/promote')
  @HttpCode(200)
  @ApiOperation({ summary: 'Promote the draft: it decides from now on' })
  async promote(@CurrentAccount() account: AuthenticatedAccount, @Param() params: AuthRuleParamsDto) {
    return toAuthRuleResponse(await this.manage.promote(account, params.auth_rule_token));
  }

  @Get(':auth_rule_token/versions')
  @ApiOperation({ summary: "A rule's versions, newest first" })
  async versions(@CurrentAccount() account: AuthenticatedAccount, @Param() params: AuthRuleParamsDto) {
    const { rule, versions } = await this.find.versions(account, params.auth_rule_token);
    return { data: versions.map((v) => toAuthRuleVersionResponse(rule, v)) };
  }

  @Post(':auth_rule_token/backtests')
  @HttpCode(200)
  @ApiOperation({ summary: "Backtest the rule's versions over the account's charges between two instants" })
  async backtest(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param() params: AuthRuleParamsDto,
    @Body() body: CreateBacktestDto,
  ) {
    const backtest = await this.backtests.create(account, params.auth_rule_token, body);
    return { backtest_token: backtest.token };
  }

  @Get(':auth_rule_token/backtests')
  @ApiOperation({ summary: "A rule's backtests, newest first" })
  async listBacktests(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param() params: AuthRuleParamsDto,
    @Query() query: ListBacktestsQueryDto,
  ) {
    return toListResponse(
      await this.backtests.list(account, params.auth_rule_token, query),
      toBacktestListItem,
    );
  }

  @Get(':auth_rule_token/backtests/:auth_rule_backtest_token')
  @ApiOperation({ summary: "A backtest's results: approved, declined and challenged counts per version" })
  async getBacktest(@CurrentAccount() account: AuthenticatedAccount, @Param() params: BacktestParamsDto) {
    return toBacktestResults(
      await this.backtests.get(account, params.auth_rule_token, params.auth_rule_backtest_token),
    );
  }

  @Get(':auth_rule_token/features')
  @ApiOperation({ summary: "The active version's velocity now, for a card or the account" })
  features(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param() params: AuthRuleParamsDto,
    @Query() query: FeaturesQueryDto,
  ) {
    return this.reports.features(account, params.auth_rule_token, query);
  }

  @Get(':auth_rule_token/report')
  @ApiOperation({ summary: 'Daily action counts per version, with examples' })
  report(
    @CurrentAccount() account: AuthenticatedAccount,
    @Param() params: AuthRuleParamsDto,
    @Query() query: ReportQueryDto,
  ) {
    return this.reports.report(account, params.auth_rule_token, query);
  }
}
