import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBase64,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CARD_STATES,
  CARD_SUBSTATUSES,
  CARD_TYPES,
  MAX_CENTS,
  SETTABLE_CARD_STATES,
  SHIPPING_METHODS,
  SPEND_LIMIT_DURATIONS,
  type CardState,
  type CardSubstatus,
  type CardType,
  type SettableCardState,
  type ShippingMethod,
  type SpendLimitDuration,
} from '#domain';
import { IsCardNumber, IsOmittable, IsUuid, ListQueryDto } from '#platform';

export const MEMO_MAX_LENGTH = 255;

/** An optional field: documented, skipped when absent (not when null), validated otherwise. */
const Optional = (doc: ApiPropertyOptions, ...checks: PropertyDecorator[]): PropertyDecorator =>
  applyDecorators(ApiPropertyOptional(doc), IsOmittable(), ...checks);

const StoredUuid = () => Optional({ format: 'uuid', description: 'Stored and returned' }, IsUuid());
const ExpMonth = () =>
  Optional(
    { example: '06', description: 'With exp_year; default five years ahead' },
    Matches(/^\d{2}$/, { message: 'exp_month must be two digits (MM)' }),
  );
const ExpYear = () =>
  Optional({ example: '2030' }, Matches(/^\d{4}$/, { message: 'exp_year must be four digits (YYYY)' }));

/** Lithic's ShippingAddress, with the spec's lengths. */
export class ShippingAddressDto {
  @ApiProperty({ minLength: 1, maxLength: 40 })
  @IsString()
  @Length(1, 40)
  address1: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: 40 })
  @IsOmittable()
  @IsString()
  @Length(1, 40)
  address2?: string;

  @ApiProperty({ minLength: 1, maxLength: 30 })
  @IsString()
  @Length(1, 30)
  city: string;

  @ApiProperty({ minLength: 3, maxLength: 3, example: 'USA' })
  @IsString()
  @Length(3, 3)
  country: string;

  @ApiPropertyOptional({ minLength: 5, maxLength: 50 })
  @IsOmittable()
  @IsString()
  @Length(5, 50)
  email?: string;

  @ApiProperty({ minLength: 1, maxLength: 24 })
  @IsString()
  @Length(1, 24)
  first_name: string;

  @ApiProperty({ minLength: 1, maxLength: 24 })
  @IsString()
  @Length(1, 24)
  last_name: string;

  @ApiPropertyOptional({ maxLength: 26 })
  @IsOmittable()
  @IsString()
  @MaxLength(26)
  line2_text?: string;

  @ApiPropertyOptional({ minLength: 8, maxLength: 16, example: '+15555555555' })
  @IsOmittable()
  @IsString()
  @Length(8, 16)
  phone_number?: string;

  @ApiProperty({ minLength: 1, maxLength: 12 })
  @IsString()
  @Length(1, 12)
  postal_code: string;

  @ApiProperty({ maxLength: 24 })
  @IsString()
  @MaxLength(24)
  state: string;
}

export class CarrierDto {
  @ApiPropertyOptional({ description: 'Stored only' })
  @IsOmittable()
  @IsString()
  qr_code_url?: string;
}

/** What a physical card is made and shipped with: stored, never acted on (docs/semantics.md). */
export class FulfilmentDto {
  @ApiPropertyOptional({ type: CarrierDto })
  @IsOmittable()
  @ValidateNested()
  @Type(() => CarrierDto)
  carrier?: CarrierDto;

  @ApiPropertyOptional({ description: 'Stored only' })
  @IsOmittable()
  @IsString()
  product_id?: string;

  @ApiPropertyOptional({ enum: SHIPPING_METHODS, description: 'Names the method in card.shipped' })
  @IsOmittable()
  @IsIn(SHIPPING_METHODS)
  shipping_method?: ShippingMethod;
}

/** A nested ShippingAddress; renew and convert_physical require one (the spec), create and reissue not. */
const Address =
  (required: boolean): PropertyDecorator =>
  (target, key) => {
    const doc = required ? ApiProperty : ApiPropertyOptional;
    doc({ type: ShippingAddressDto, description: 'Stored only' })(target, key);
    if (required) IsDefined({ message: ({ property }) => `${property} is required` })(target, key);
    else IsOmittable()(target, key);
    ValidateNested()(target, key);
    Type(() => ShippingAddressDto)(target, key);
  };

/** An encrypted PIN block in base64; the sandbox stores a salted hash of the bytes it decodes to. */
const Pin = () =>
  Optional(
    { description: 'PIN block (base64); stored as a salted hash, never returned' },
    IsString(),
    IsNotEmpty(),
    IsBase64(undefined, { message: ({ property }) => `${property} must be a base64 PIN block` }),
  );

export class CreateCardDto extends FulfilmentDto {
  @Address(false)
  shipping_address?: ShippingAddressDto;

  @ApiProperty({ enum: CARD_TYPES, description: 'PHYSICAL starts PENDING_FULFILLMENT' })
  @IsIn(CARD_TYPES)
  type: CardType;

  @ApiPropertyOptional({ maxLength: MEMO_MAX_LENGTH })
  @IsOmittable()
  @IsString()
  @MaxLength(MEMO_MAX_LENGTH)
  memo?: string;

  @ApiPropertyOptional({ description: 'Cents; 0 means no limit', minimum: 0, maximum: MAX_CENTS })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(MAX_CENTS)
  spend_limit?: number;

  @ApiPropertyOptional({ enum: SPEND_LIMIT_DURATIONS, default: 'TRANSACTION' })
  @IsOmittable()
  @IsIn(SPEND_LIMIT_DURATIONS)
  spend_limit_duration?: SpendLimitDuration;

  @ApiPropertyOptional({ enum: ['OPEN', 'PAUSED'], default: 'OPEN' })
  @IsOmittable()
  @IsIn(['OPEN', 'PAUSED'])
  state?: 'OPEN' | 'PAUSED';

  @ExpMonth()
  exp_month?: string;

  @ExpYear()
  exp_year?: string;

  @ApiPropertyOptional({ description: "Must be the caller's own account" })
  @IsOmittable()
  @IsUuid()
  account_token?: string;

  @ApiPropertyOptional({ description: 'Only the sandbox program 00000000-0000-0000-1000-000000000000' })
  @IsOmittable()
  @IsUuid()
  card_program_token?: string;

  @StoredUuid()
  bulk_order_token?: string;

  @StoredUuid()
  digital_card_art_token?: string;

  @Pin()
  pin?: string;

  @ApiPropertyOptional({ description: "A card of the caller's account; stored and returned" })
  @IsOmittable()
  @IsUuid()
  replacement_for?: string;

  @ApiPropertyOptional({ description: "With replacement_for; must be the caller's account" })
  @IsOmittable()
  @IsUuid()
  replacement_account_token?: string;

  @ApiPropertyOptional({ description: 'Stored only' })
  @IsOmittable()
  @IsString()
  replacement_comment?: string;

  @ApiPropertyOptional({ enum: CARD_SUBSTATUSES, description: 'Stored only' })
  @IsOmittable()
  @IsIn(CARD_SUBSTATUSES)
  replacement_substatus?: CardSubstatus;
}

export class UpdateCardDto {
  @ApiPropertyOptional({ enum: SETTABLE_CARD_STATES, description: 'CLOSED is final' })
  @IsOmittable()
  @IsIn(SETTABLE_CARD_STATES)
  state?: SettableCardState;

  @ApiPropertyOptional({ maxLength: MEMO_MAX_LENGTH })
  @IsOmittable()
  @IsString()
  @MaxLength(MEMO_MAX_LENGTH)
  memo?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_CENTS })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(MAX_CENTS)
  spend_limit?: number;

  @ApiPropertyOptional({ enum: SPEND_LIMIT_DURATIONS })
  @IsOmittable()
  @IsIn(SPEND_LIMIT_DURATIONS)
  spend_limit_duration?: SpendLimitDuration;

  @ApiPropertyOptional({
    enum: ['OK'],
    description: 'Accepted for compatibility; sandbox PINs are never blocked',
  })
  @IsOmittable()
  @IsIn(['OK'])
  pin_status?: 'OK';

  @Pin()
  pin?: string;

  @ApiPropertyOptional({ enum: CARD_SUBSTATUSES, description: 'Stored and returned' })
  @IsOmittable()
  @IsIn(CARD_SUBSTATUSES)
  substatus?: CardSubstatus;

  @ApiPropertyOptional({ description: 'Stored and returned' })
  @IsOmittable()
  @IsString()
  comment?: string;

  @StoredUuid()
  digital_card_art_token?: string;

  @StoredUuid()
  network_program_token?: string;
}

/** POST /v1/cards/{card_token}/reissue: what is left out keeps its previous value. */
export class ReissueCardDto extends FulfilmentDto {
  @Address(false)
  shipping_address?: ShippingAddressDto;
}

/** POST .../convert_physical: the spec requires a shipping address. */
export class ConvertPhysicalCardDto extends FulfilmentDto {
  @Address(true)
  shipping_address: ShippingAddressDto;
}

/** POST .../renew: the spec requires a shipping address, even for a VIRTUAL card. */
export class RenewCardDto extends FulfilmentDto {
  @Address(true)
  shipping_address: ShippingAddressDto;

  @ExpMonth()
  exp_month?: string;

  @ExpYear()
  exp_year?: string;
}

export class ListCardsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: CARD_STATES })
  @IsOptional()
  @IsIn(CARD_STATES)
  state?: CardState;

  @ApiPropertyOptional({ description: 'Cards whose memo contains this text' })
  @IsOptional()
  @IsString()
  @MaxLength(MEMO_MAX_LENGTH)
  memo?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUuid()
  account_token?: string;
}

export class SearchByPanDto {
  @ApiProperty({ example: '4111111289144142' })
  @IsCardNumber()
  pan: string;
}

export class CardParamsDto {
  @IsUuid({ message: 'card_token must be a UUID' })
  card_token: string;
}
