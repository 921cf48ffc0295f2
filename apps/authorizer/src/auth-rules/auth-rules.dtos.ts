import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import {
  AUTH_RULE_EVENT_STREAMS,
  AUTH_RULE_TYPES,
  type AuthRuleEventStream,
  type AuthRuleType,
} from '#domain';
import { IsOmittable, IsUuid, ListQueryDto } from '#platform';

/** An optional array of tokens (the spec's card_tokens, account_tokens, ...). */
function TokenList(field: string, description?: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: [String], description })(target, key);
    IsOmittable()(target, key);
    IsArray()(target, key);
    IsUuid({ each: true, message: `${field} must be an array of UUIDs` })(target, key);
  };
}

/** A field that may be absent or null (the spec's nullable name, a draft's null parameters). */
const IsNullable = () => ValidateIf((_object, value) => value !== undefined && value !== null);

class AuthRuleScopeDto {
  @TokenList('card_tokens', 'Cards of this account the rule applies to')
  card_tokens?: string[];

  @TokenList('account_tokens', "Only this key's own account")
  account_tokens?: string[];

  @TokenList('business_account_tokens', 'The sandbox has no business accounts: empty only')
  business_account_tokens?: string[];

  @ApiPropertyOptional({ description: "Every card of this key's account" })
  @IsOmittable()
  @IsBoolean()
  program_level?: boolean;

  @TokenList('excluded_card_tokens')
  excluded_card_tokens?: string[];

  @TokenList('excluded_account_tokens')
  excluded_account_tokens?: string[];

  @TokenList('excluded_business_account_tokens', 'The sandbox has no business accounts: empty only')
  excluded_business_account_tokens?: string[];

  @ApiPropertyOptional({ nullable: true, maxLength: 1024 })
  @IsNullable()
  @IsString()
  @MaxLength(1024)
  name?: string | null;
}

export class CreateAuthRuleDto extends AuthRuleScopeDto {
  @ApiProperty({ enum: AUTH_RULE_TYPES })
  @IsIn(AUTH_RULE_TYPES)
  type: AuthRuleType;

  @ApiProperty({ description: "The rule's parameters for its type (the spec's auth-rule-parameters)" })
  @IsObject()
  parameters: Record<string, unknown>;

  @ApiPropertyOptional({ enum: AUTH_RULE_EVENT_STREAMS, default: 'AUTHORIZATION' })
  @IsOmittable()
  @IsIn(AUTH_RULE_EVENT_STREAMS)
  event_stream?: AuthRuleEventStream;
}

export class UpdateAuthRuleDto extends AuthRuleScopeDto {
  @ApiPropertyOptional({ enum: ['INACTIVE'], description: 'Only deactivating; promote activates' })
  @IsOmittable()
  @IsIn(['INACTIVE'])
  state?: 'INACTIVE';
}

export class DraftAuthRuleDto {
  @ApiPropertyOptional({ nullable: true, description: 'null discards the draft' })
  @IsNullable()
  @IsObject()
  parameters?: Record<string, unknown> | null;
}

export class AuthRuleParamsDto {
  @IsUuid({ message: 'auth_rule_token must be a UUID' })
  auth_rule_token: string;
}

export class BacktestParamsDto extends AuthRuleParamsDto {
  @IsUuid({ message: 'auth_rule_backtest_token must be a UUID' })
  auth_rule_backtest_token: string;
}

const commaList = Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value));

export class ListAuthRulesQueryDto extends ListQueryDto {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsUuid()
  card_token?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsUuid()
  account_token?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsUuid()
  business_account_token?: string;

  @ApiPropertyOptional({ enum: ['PROGRAM', 'ACCOUNT', 'BUSINESS_ACCOUNT', 'CARD', 'ANY'] })
  @IsOmittable()
  @IsIn(['PROGRAM', 'ACCOUNT', 'BUSINESS_ACCOUNT', 'CARD', 'ANY'])
  scope?: 'PROGRAM' | 'ACCOUNT' | 'BUSINESS_ACCOUNT' | 'CARD' | 'ANY';

  @ApiPropertyOptional({ description: 'Deprecated: use event_streams' })
  @IsOmittable()
  @IsString()
  event_stream?: string;

  @ApiPropertyOptional({ type: [String], description: 'Comma-separated' })
  @IsOmittable()
  @commaList
  @IsArray()
  @IsString({ each: true })
  event_streams?: string[];
}

export class ListAuthRuleResultsQueryDto extends ListQueryDto {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsUuid()
  auth_rule_token?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsUuid()
  event_token?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  has_actions?: boolean;
}

export class CreateBacktestDto {
  @ApiPropertyOptional({ description: 'RFC 3339; default 30 days before end' })
  @IsOmittable()
  @IsDateString({ strict: true })
  start?: string;

  @ApiPropertyOptional({ description: 'RFC 3339; default now (the sandbox clock)' })
  @IsOmittable()
  @IsDateString({ strict: true })
  end?: string;
}

export class ListBacktestsQueryDto extends ListQueryDto {}

export class FeaturesQueryDto {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsUuid()
  card_token?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsUuid()
  account_token?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ReportQueryDto {
  @ApiProperty({ example: '2026-11-01', description: 'A UTC date' })
  @Matches(DATE, { message: 'begin must be a date (YYYY-MM-DD)' })
  @IsDateString({ strict: true })
  begin: string;

  @ApiProperty({ example: '2026-11-30', description: 'A UTC date, included' })
  @Matches(DATE, { message: 'end must be a date (YYYY-MM-DD)' })
  @IsDateString({ strict: true })
  end: string;
}
