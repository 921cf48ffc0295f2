import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  ACCOUNT_STATES,
  API_FLAVOURS,
  AUTH_RULE_EVENT_STREAMS,
  AUTH_RULE_TYPES,
  CARD_STATES,
  CARD_TYPES,
  FUNDING_SOURCE_STATES,
  FUNDING_SOURCE_TYPES,
  MAX_CLOCK_OFFSET_MS,
  POLARITIES,
  RESPONDER_TYPES,
  SPEND_LIMIT_DURATIONS,
  TRANSACTION_STATUSES,
} from '#domain';
import { IsUuid, URL_MAX_LENGTH } from '#platform';

/** 2 added funding sources, 3DS authentications and auth rules; a version 1 snapshot still restores. */
export const SNAPSHOT_VERSION = 2;
export const SNAPSHOT_VERSIONS = [1, SNAPSHOT_VERSION] as const;
/** Rows of one kind a snapshot may carry; what a test suite builds is far smaller. */
export const SNAPSHOT_MAX_ROWS = 10_000;

/** PostgreSQL's own form (`to_jsonb`), microseconds kept, so a restore puts back the same instant. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:\d{2})?)$/;

const Timestamp = (nullable = false) =>
  applyDecorators(
    ApiProperty({ type: String, format: 'date-time', nullable }),
    ValidateIf((_, value) => !nullable || value !== null),
    Matches(TIMESTAMP, { message: ({ property }) => `${property} must be an ISO 8601 timestamp` }),
    IsISO8601({ strict: true }),
  );

const Text = (maxLength: number, nullable = false) =>
  applyDecorators(
    ApiProperty({ type: String, maxLength, nullable }),
    ValidateIf((_, value) => !nullable || value !== null),
    IsString(),
    MaxLength(maxLength),
  );

const Cents = (nullable = false) =>
  applyDecorators(
    ApiProperty({ type: Number, minimum: 0, nullable }),
    ValidateIf((_, value) => !nullable || value !== null),
    IsInt(),
    Min(0),
    Max(Number.MAX_SAFE_INTEGER),
  );

const OneOf = (values: readonly string[]) => applyDecorators(ApiProperty({ enum: values }), IsIn(values));

/** A column added after snapshots were first taken: an older snapshot leaves it out (its default). */
const Added = (decorator: PropertyDecorator) =>
  applyDecorators(
    ValidateIf((_, value) => value !== undefined),
    decorator,
  );

/** Rows added in version 2: a version 1 snapshot leaves them out (none). */
const RowsSince2 = (type: () => new () => object) =>
  applyDecorators(
    ValidateIf((snapshot: { version?: unknown }, value) => value !== undefined || snapshot.version !== 1),
    Rows(type),
  );

const Flag = () => applyDecorators(ApiProperty(), IsBoolean());

const Rows = (type: () => new () => object) =>
  applyDecorators(
    ApiProperty({ type: () => [type()] }),
    IsArray(),
    ArrayMaxSize(SNAPSHOT_MAX_ROWS),
    ValidateNested({ each: true }),
    Type(type),
  );

const Token = (prefix: string) =>
  applyDecorators(
    ApiProperty({ example: `${prefix}_…` }),
    Matches(new RegExp(`^${prefix}_[0-9A-Za-z]{1,36}$`), {
      message: ({ property }) => `${property} must be a token such as ${prefix}_…`,
    }),
  );

const Uuid = (nullable = false) =>
  applyDecorators(
    ApiProperty({ format: 'uuid', nullable }),
    ValidateIf((_, value) => !nullable || value !== null),
    IsUuid(),
  );

const Count = () => applyDecorators(ApiProperty({ type: Number, minimum: 0 }), IsInt(), Min(0), Max(1_000));

/** A JSON object the sandbox records as given (shipping details, an address), or null. */
const Details = () =>
  applyDecorators(
    ApiProperty({ type: Object, nullable: true }),
    ValidateIf((_, value) => value !== null),
    IsObject(),
  );

const VersionNumber = (nullable = false) =>
  applyDecorators(
    ApiProperty({ type: Number, minimum: 1, nullable }),
    ValidateIf((_, value) => !nullable || value !== null),
    IsInt(),
    Min(1),
    Max(1_000_000),
  );

const Uuids = () =>
  applyDecorators(
    ApiProperty({ type: [String], format: 'uuid' }),
    IsArray(),
    ArrayMaxSize(SNAPSHOT_MAX_ROWS),
    IsUuid({ each: true }),
  );

/** Lithic sets no length on comments: up to what a request body may carry. */
const COMMENT_MAX_LENGTH = 1_048_576;

export class SnapshotAccountDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'The account it was taken of; a restore into another account puts its own in the event bodies',
  })
  @IsUuid()
  token: string;

  @OneOf(ACCOUNT_STATES) state: string;
  @Cents(true) daily_spend_limit: number | null;
  @Cents(true) monthly_spend_limit: number | null;
  @Cents(true) lifetime_spend_limit: number | null;

  @ApiProperty({ minimum: 0, maximum: MAX_CLOCK_OFFSET_MS, description: 'How far the clock runs ahead' })
  @IsInt()
  @Min(0)
  @Max(MAX_CLOCK_OFFSET_MS)
  clock_offset_ms: number;

  @Text(32, true) substatus: string | null;
  @Text(COMMENT_MAX_LENGTH, true) comment: string | null;
  @Details() verification_address: Record<string, string> | null;

  @ApiProperty({ type: String, nullable: true, description: 'The auth stream secret, sealed for snapshots' })
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(1024)
  auth_stream_secret_sealed: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    required: false,
    description: 'The 3DS decisioning secret, sealed for snapshots',
  })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsString()
  @MaxLength(1024)
  three_ds_secret_sealed?: string | null;
}

export class SnapshotCardDto {
  @Uuid() token: string;
  @OneOf(CARD_TYPES) type: string;
  @OneOf(CARD_STATES) state: string;
  @Text(255) memo: string;
  @Cents() spend_limit: number;
  @OneOf(SPEND_LIMIT_DURATIONS) spend_limit_duration: string;

  @ApiProperty({
    description: 'The PAN, sealed with the key for snapshots (the same SANDBOX_SECRET or seed)',
  })
  @IsString()
  @MaxLength(1024)
  pan_sealed: string;

  @ApiProperty({ example: '1234' })
  @Matches(/^\d{4}$/, { message: 'last_four must be four digits' })
  last_four: string;

  @ApiProperty({ example: '06' })
  @Matches(/^\d{2}$/, { message: 'exp_month must be two digits (MM)' })
  exp_month: string;

  @ApiProperty({ example: '2030' })
  @Matches(/^\d{4}$/, { message: 'exp_year must be four digits (YYYY)' })
  exp_year: string;

  @Text(255) locked_merchant: string;
  @Flag() consumed: boolean;
  @Text(64, true) closed_by: string | null;
  @Text(32, true) substatus: string | null;
  @Text(COMMENT_MAX_LENGTH, true) comment: string | null;
  @Count() reissues: number;
  @Text(256, true) pin_hash: string | null;
  @Uuid(true) digital_card_art_token: string | null;
  @Uuid(true) network_program_token: string | null;
  @Text(255, true) product_id: string | null;
  @Uuid(true) replacement_for: string | null;
  @Uuid(true) bulk_order_token: string | null;
  @Details() fulfilment: Record<string, unknown> | null;
  @Added(OneOf(API_FLAVOURS)) api?: string;
  @Added(Uuid(true)) funding_token?: string | null;
  @Timestamp() created: string;
  @Timestamp() updated: string;
}

export class SnapshotTransactionEventDto {
  @Uuid() token: string;
  @Text(32) type: string;
  @Cents() amount: number;
  @OneOf(POLARITIES) polarity: string;
  @Text(48) result: string;
  @Text(64) detailed_result: string;
  @Text(32, true) rule: string | null;
  @Text(2048, true) explanation: string | null;

  @ApiProperty({
    type: Object,
    nullable: true,
    required: false,
    description: 'The auth rule that declined it',
  })
  @ValidateIf((_, value) => value !== null && value !== undefined)
  @IsObject()
  auth_rule?: Record<string, unknown> | null;

  @Timestamp() created: string;
}

export class SnapshotTransactionDto {
  @Uuid() token: string;
  @Uuid() card_token: string;
  @OneOf(TRANSACTION_STATUSES) status: string;
  @Text(48) result: string;
  @OneOf(POLARITIES) polarity: string;
  @Cents() authorization_amount: number;
  @Cents() pending_amount: number;
  @Cents() settled_amount: number;
  @Cents() merchant_amount: number;
  @Text(3) merchant_currency: string;
  @Text(25) descriptor: string;
  @Text(4) mcc: string;
  @Text(15) merchant_acceptor_id: string;
  @Text(13) merchant_city: string;
  @Text(3) merchant_state: string;
  @Text(3) merchant_country: string;
  @Flag() partial_approval_capable: boolean;
  @Text(6) authorization_code: string;
  @Text(16) network: string;
  @Timestamp(true) responder_deadline: string | null;
  @Added(OneOf(API_FLAVOURS)) api?: string;
  @Timestamp() created: string;
  @Timestamp() updated: string;
  @Rows(() => SnapshotTransactionEventDto) events: SnapshotTransactionEventDto[];
}

export class SnapshotEventDto {
  @Token('msg') token: string;
  @Text(64) event_type: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The body as delivered' })
  @IsObject()
  payload: Record<string, unknown>;

  @Timestamp() created: string;
}

export class SnapshotEventSubscriptionDto {
  @Token('ep') token: string;
  @Text(URL_MAX_LENGTH) url: string;
  @Text(512) description: string;
  @Flag() disabled: boolean;

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  event_types: string[];

  @ApiProperty({ description: 'The whsec_ signing secret, sealed for snapshots' })
  @IsString()
  @MaxLength(1024)
  secret_sealed: string;

  @Added(OneOf(['LITHIC', 'PRIVACY'])) format?: string;
  @Timestamp() created: string;
  @Timestamp() updated: string;
}

export class SnapshotResponderDto {
  @OneOf(RESPONDER_TYPES) type: string;
  @Text(URL_MAX_LENGTH) url: string;
  @Timestamp() created: string;
}

export class SnapshotFundingSourceDto {
  @Uuid() token: string;
  @OneOf(FUNDING_SOURCE_TYPES) type: string;
  @OneOf(FUNDING_SOURCE_STATES) state: string;
  @Text(255) account_name: string;
  @Text(255) nickname: string;

  @ApiProperty({ example: '6789' })
  @Matches(/^\d{4}$/, { message: 'last_four must be four digits' })
  last_four: string;

  @ApiProperty({ type: String, nullable: true, example: '021000021' })
  @ValidateIf((_, value) => value !== null)
  @Matches(/^\d{9}$/, { message: 'routing_number must be nine digits' })
  routing_number: string | null;

  @Timestamp() created: string;
}

export class SnapshotThreeDsAuthenticationDto {
  @Uuid() token: string;
  @Uuid() card_token: string;
  @Text(24) result: string;
  @Text(24) decision_made_by: string;
  @Text(COMMENT_MAX_LENGTH, true) reason: string | null;
  @Text(16, true) challenge_method: string | null;
  @Text(24, true) challenge_status: string | null;
  @Text(15) merchant_id: string;
  @Text(25) merchant_name: string;
  @Text(4) merchant_mcc: string;
  @Text(3) merchant_country: string;
  @Cents() amount: number;
  @Text(3) currency: string;
  @Text(16) card_expiry_check: string;
  @Timestamp() created: string;
  @Timestamp() updated: string;
}

export class SnapshotAuthRuleVersionDto {
  @VersionNumber() version: number;

  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsObject()
  parameters: Record<string, unknown>;

  @Timestamp() created: string;
}

export class SnapshotAuthRuleDto {
  @Uuid() token: string;
  @OneOf(['ACTIVE', 'INACTIVE']) state: string;
  @OneOf(AUTH_RULE_TYPES) type: string;
  @OneOf(AUTH_RULE_EVENT_STREAMS) event_stream: string;
  @Text(1024, true) name: string | null;
  @Flag() program_level: boolean;
  @Uuids() card_tokens: string[];
  @Uuids() account_tokens: string[];
  @Uuids() excluded_card_tokens: string[];
  @Uuids() excluded_account_tokens: string[];
  @VersionNumber(true) current_version: number | null;
  @Details() current_parameters: Record<string, unknown> | null;
  @VersionNumber(true) draft_version: number | null;
  @Details() draft_parameters: Record<string, unknown> | null;
  @VersionNumber() latest_version: number;
  @Timestamp() created: string;
  @Timestamp() updated: string;
  /** Every version as drafted. */
  @Rows(() => SnapshotAuthRuleVersionDto) versions: SnapshotAuthRuleVersionDto[];
}

export class SnapshotAuthRuleResultDto {
  @Uuid() token: string;
  @Uuid() rule_token: string;
  @VersionNumber() rule_version: number;
  @Uuid() event_token: string;
  @Uuid(true) transaction_token: string | null;
  @OneOf(AUTH_RULE_EVENT_STREAMS) event_stream: string;
  @Text(16) mode: string;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true })
  actions: Record<string, unknown>[];

  @Timestamp() created: string;
}

export class SnapshotAuthRuleBacktestDto {
  @Uuid() token: string;
  @Uuid() rule_token: string;
  @Timestamp() start: string;
  @Timestamp() end: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  @IsObject()
  results: Record<string, unknown>;

  @Timestamp() created: string;
}

/**
 * An account's whole state, as POST /sandbox/snapshot gives it and POST /sandbox/restore takes it.
 * Secrets stay sealed, under a key of their own derived from the sandbox's master secret.
 */
export class SnapshotDto {
  @ApiProperty({
    enum: SNAPSHOT_VERSIONS,
    description: 'Snapshots are taken at the latest; older ones restore',
  })
  @IsIn(SNAPSHOT_VERSIONS, { message: `version must be ${SNAPSHOT_VERSIONS.join(' or ')}` })
  version: number;

  @ApiProperty({ type: () => SnapshotAccountDto })
  @IsObject()
  @ValidateNested()
  @Type(() => SnapshotAccountDto)
  account: SnapshotAccountDto;

  @Rows(() => SnapshotCardDto) cards: SnapshotCardDto[];
  @Rows(() => SnapshotTransactionDto) transactions: SnapshotTransactionDto[];
  @Rows(() => SnapshotEventDto) events: SnapshotEventDto[];
  @Rows(() => SnapshotEventSubscriptionDto) event_subscriptions: SnapshotEventSubscriptionDto[];
  @Rows(() => SnapshotResponderDto) responders: SnapshotResponderDto[];
  @RowsSince2(() => SnapshotFundingSourceDto) funding_sources?: SnapshotFundingSourceDto[];
  @RowsSince2(() => SnapshotThreeDsAuthenticationDto)
  three_ds_authentications?: SnapshotThreeDsAuthenticationDto[];
  @RowsSince2(() => SnapshotAuthRuleDto) auth_rules?: SnapshotAuthRuleDto[];
  @RowsSince2(() => SnapshotAuthRuleResultDto) auth_rule_results?: SnapshotAuthRuleResultDto[];
  @RowsSince2(() => SnapshotAuthRuleBacktestDto) auth_rule_backtests?: SnapshotAuthRuleBacktestDto[];
}
