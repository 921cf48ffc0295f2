import { ApiProperty, ApiPropertyOptional, IntersectionType, PickType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsString, IsUrl, Length, MaxLength } from 'class-validator';
import { FUNDING_SOURCE_STATES, type CardType, type FundingSourceState } from '#domain';
import { IsOmittable, IsUuid, PrivacyPageQueryDto, QueryList, URL_MAX_LENGTH } from '#platform';
import { CreateCardDto, UpdateCardDto } from '../cards/cards.dtos.js';

/**
 * The card types Privacy issues through its API. Not PHYSICAL: its body has no shipping address,
 * which a physical card needs (Lithic's POST /v1/cards makes one).
 */
export const PRIVACY_CARD_TYPES = ['SINGLE_USE', 'MERCHANT_LOCKED', 'UNLOCKED', 'DIGITAL_WALLET'] as const;

export class PrivacyListCardsQueryDto extends PrivacyPageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable()
  @IsUuid()
  card_token?: string;
}

/** What Privacy's POST /v1/card and PUT /v1/card share: Lithic's fields, validated alike, and the funding. */
class PrivacyCardFieldsDto extends PickType(UpdateCardDto, ['memo', 'spend_limit', 'spend_limit_duration']) {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A funding source of the account; default: its default',
  })
  @IsOmittable()
  @IsUuid()
  funding_token?: string;
}

export class PrivacyCreateCardDto extends IntersectionType(
  PrivacyCardFieldsDto,
  PickType(CreateCardDto, ['state', 'exp_month', 'exp_year']),
) {
  @ApiProperty({ enum: PRIVACY_CARD_TYPES })
  @IsIn(PRIVACY_CARD_TYPES)
  type: CardType;
}

export class PrivacyUpdateCardDto extends IntersectionType(
  PrivacyCardFieldsDto,
  PickType(UpdateCardDto, ['state']),
) {
  @ApiProperty({ format: 'uuid' })
  @IsUuid()
  card_token: string;
}

export class AddBankFundingSourceDto {
  @ApiProperty({ example: '011000015', description: 'ABA routing number (check digit verified)' })
  @IsString()
  routing_number: string;

  @ApiProperty({ example: '12345678' })
  @IsString()
  account_number: string;

  @ApiPropertyOptional({ maxLength: 255 })
  @IsOmittable()
  @IsString()
  @Length(1, 255)
  account_name?: string;
}

export class FundingSourceParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUuid()
  funding_token: string;
}

export class SetFundingSourceStateDto {
  @ApiProperty({ enum: FUNDING_SOURCE_STATES })
  @IsIn(FUNDING_SOURCE_STATES)
  state: FundingSourceState;
}

export class PrivacyWebhookDto {
  @ApiProperty({ example: 'https://example.com/privacy-webhook' })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, allow_underscores: true },
    { message: 'url must be an http:// or https:// URL' },
  )
  @MaxLength(URL_MAX_LENGTH)
  url: string;
}

export class ApiOriginsQueryDto {
  @ApiProperty({ description: 'Comma-separated card or transaction tokens (at most 100)' })
  @QueryList()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUuid({ each: true, message: 'tokens must be UUIDs separated by commas' })
  tokens: string[];
}
