import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsCardNumber, IsOmittable, IsUuid } from '#platform';
import type { CardExpiryCheck } from '#domain';

export class ThreeDsMerchantDto {
  @ApiProperty({ example: 'USA', description: 'ISO 3166-1 alpha-3' })
  @Matches(/^[A-Z]{3}$/, { message: 'merchant.country must be an ISO 3166-1 alpha-3 code' })
  country: string;

  @ApiProperty({ example: 'OODKZAPJVN4YS7O', minLength: 1, maxLength: 15 })
  @IsString()
  @Length(1, 15)
  id: string;

  @ApiProperty({ example: '5812' })
  @Matches(/^\d{4}$/, { message: 'merchant.mcc must be four digits' })
  mcc: string;

  @ApiProperty({
    example: 'COFFEE SHOP',
    minLength: 1,
    maxLength: 25,
    description: 'CHALLENGE in it asks for a code',
  })
  @IsString()
  @Length(1, 25)
  name: string;
}

export class ThreeDsTransactionDto {
  @ApiProperty({ minimum: 0, description: 'Cents' })
  @IsInt()
  @Min(0)
  @Max(2_000_000_000)
  amount: number;

  @ApiProperty({ example: 'USD' })
  @Matches(/^[A-Z]{3}$/, { message: 'transaction.currency must be an ISO 4217 code' })
  currency: string;
}

export class SimulateThreeDsDto {
  @ApiProperty({ type: ThreeDsMerchantDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ThreeDsMerchantDto)
  merchant: ThreeDsMerchantDto;

  @ApiProperty({ example: '4111111289144142' })
  @IsCardNumber()
  pan: string;

  @ApiProperty({ type: ThreeDsTransactionDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ThreeDsTransactionDto)
  transaction: ThreeDsTransactionDto;

  @ApiPropertyOptional({ enum: ['MATCH', 'MISMATCH', 'NOT_PRESENT'], default: 'MATCH' })
  @IsOmittable()
  @IsIn(['MATCH', 'MISMATCH', 'NOT_PRESENT'])
  card_expiry_check?: CardExpiryCheck;
}

export class EnterOtpDto {
  @ApiProperty()
  @IsUuid({ message: 'token must be a UUID' })
  token: string;

  @ApiProperty({ example: '123456', description: 'The sandbox accepts 123456 only' })
  @IsString()
  otp: string;
}

export class ChallengeResponseDto {
  @ApiProperty()
  @IsUuid({ message: 'token must be a UUID' })
  token: string;

  @ApiProperty({ enum: ['APPROVE', 'DECLINE_BY_CUSTOMER'] })
  @IsIn(['APPROVE', 'DECLINE_BY_CUSTOMER'])
  challenge_response: 'APPROVE' | 'DECLINE_BY_CUSTOMER';
}

export class ThreeDsAuthenticationParamsDto {
  @IsUuid({ message: 'three_ds_authentication_token must be a UUID' })
  three_ds_authentication_token: string;
}
