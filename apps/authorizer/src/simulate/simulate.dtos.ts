import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { CompiledBodySchema, IsCardNumber, IsOmittable, IsUuid } from '#platform';
import { AUTHORIZATION_STATUSES, VOID_TYPES, type AuthorizationStatus, type VoidType } from '#domain';

/** Network amounts are capped at $20 million, as Lithic's simulator caps them. */
export const MAX_NETWORK_AMOUNT = 2_000_000_000;

function Amount(required = true): PropertyDecorator {
  return (target, key) => {
    (required ? ApiProperty : ApiPropertyOptional)({
      minimum: 0,
      maximum: MAX_NETWORK_AMOUNT,
      description: 'Cents',
    })(target, key);
    IsInt()(target, key);
    Min(0)(target, key);
    Max(MAX_NETWORK_AMOUNT)(target, key);
    if (!required) IsOmittable()(target, key);
  };
}

/** What identifies a card and a merchant in a simulated network message. */
@CompiledBodySchema()
export class SimulateMerchantMessageDto {
  @Amount()
  amount: number;

  @ApiProperty({ example: 'COFFEE SHOP', minLength: 1, maxLength: 25 })
  @IsString()
  @Length(1, 25)
  descriptor: string;

  @ApiProperty({ example: '4111111289144142' })
  @IsCardNumber()
  pan: string;

  @ApiPropertyOptional({ example: '5812' })
  @IsOmittable()
  @Matches(/^\d{4}$/, { message: 'mcc must be four digits' })
  mcc?: string;

  @ApiPropertyOptional({ description: 'Identifies the merchant for merchant-locked cards', maxLength: 15 })
  @IsOmittable()
  @IsString()
  @Length(1, 15)
  merchant_acceptor_id?: string;

  @ApiPropertyOptional({ maxLength: 13 })
  @IsOmittable()
  @IsString()
  @MaxLength(13)
  merchant_acceptor_city?: string;

  @ApiPropertyOptional({ maxLength: 3 })
  @IsOmittable()
  @IsString()
  @MaxLength(3)
  merchant_acceptor_state?: string;

  @ApiPropertyOptional({ example: 'USA' })
  @IsOmittable()
  @Matches(/^[A-Z]{3}$/, { message: 'merchant_acceptor_country must be an ISO 3166-1 alpha-3 code' })
  merchant_acceptor_country?: string;
}

@CompiledBodySchema()
export class SimulateAuthorizationDto extends SimulateMerchantMessageDto {
  @ApiPropertyOptional({ enum: AUTHORIZATION_STATUSES, default: 'AUTHORIZATION' })
  @IsOmittable()
  @IsIn(AUTHORIZATION_STATUSES)
  status?: AuthorizationStatus;

  @Amount(false)
  merchant_amount?: number;

  @ApiPropertyOptional({ example: 'USD' })
  @IsOmittable()
  @Matches(/^[A-Z]{3}$/, { message: 'merchant_currency must be a three-letter ISO 4217 code' })
  merchant_currency?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsBoolean()
  partial_approval_capable?: boolean;

  @ApiPropertyOptional({
    description:
      "Checked against the card's PIN when given (the card's PIN block must be the ISO 9564 format-0 field or the PIN's own characters, base64): a wrong PIN, or any PIN on a card without one, declines INCORRECT_PIN / CARD_PIN_INCORRECT",
    minLength: 4,
    maxLength: 12,
  })
  @IsOmittable()
  @IsString()
  @Length(4, 12)
  pin?: string;

  @ApiPropertyOptional({ description: 'Sandbox extension: checked against the card (card-not-present)' })
  @IsOmittable()
  @Matches(/^\d{3}$/, { message: 'cvv must be three digits' })
  cvv?: string;

  @ApiPropertyOptional({ description: 'Sandbox extension: checked against the card' })
  @IsOmittable()
  @Matches(/^\d{2}$/, { message: 'exp_month must be two digits (MM)' })
  exp_month?: string;

  @ApiPropertyOptional({ description: 'Sandbox extension: checked against the card' })
  @IsOmittable()
  @Matches(/^\d{4}$/, { message: 'exp_year must be four digits (YYYY)' })
  exp_year?: string;
}

export class SimulateTransactionMessageDto {
  @ApiProperty({ description: 'The transaction token from /v1/simulate/authorize' })
  @IsUuid({ message: 'token must be a UUID' })
  token: string;
}

@CompiledBodySchema()
export class SimulateClearingDto extends SimulateTransactionMessageDto {
  @Amount(false)
  amount?: number;
}

@CompiledBodySchema()
export class SimulateVoidDto extends SimulateTransactionMessageDto {
  @Amount(false)
  amount?: number;

  @ApiPropertyOptional({ enum: VOID_TYPES, default: 'AUTHORIZATION_REVERSAL' })
  @IsOmittable()
  @IsIn(VOID_TYPES)
  type?: VoidType;
}

@CompiledBodySchema()
export class SimulateAuthorizationAdviceDto extends SimulateTransactionMessageDto {
  @Amount()
  amount: number;
}
