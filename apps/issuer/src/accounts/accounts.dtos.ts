import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import {
  ACCOUNT_STATES,
  ACCOUNT_SUBSTATUSES,
  MAX_CENTS,
  type AccountState,
  type AccountSubstatus,
} from '#domain';
import { IsOmittable, IsUuid } from '#platform';

const limit = (name: string) =>
  ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_CENTS,
    description: `${name} limit in cents; 0 removes it`,
  });

/** Lithic's deprecated AVS address: every field optional in a request, stored and returned only. */
export class VerificationAddressDto {
  @ApiPropertyOptional() @IsOmittable() @IsString() address1?: string;
  @ApiPropertyOptional() @IsOmittable() @IsString() address2?: string;
  @ApiPropertyOptional() @IsOmittable() @IsString() city?: string;
  @ApiPropertyOptional() @IsOmittable() @IsString() country?: string;
  @ApiPropertyOptional() @IsOmittable() @IsString() postal_code?: string;
  @ApiPropertyOptional() @IsOmittable() @IsString() state?: string;
}

export class UpdateAccountDto {
  @limit('Daily (trailing 24 hours)')
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(MAX_CENTS)
  daily_spend_limit?: number;

  @limit('Monthly (trailing month)')
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(MAX_CENTS)
  monthly_spend_limit?: number;

  @limit('Lifetime')
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(MAX_CENTS)
  lifetime_spend_limit?: number;

  @ApiPropertyOptional({ enum: ACCOUNT_STATES })
  @IsOmittable()
  @IsIn(ACCOUNT_STATES)
  state?: AccountState;

  @ApiPropertyOptional({ enum: ACCOUNT_SUBSTATUSES, nullable: true, description: 'null clears it' })
  @ValidateIf((_object, value) => value !== undefined && value !== null)
  @IsIn(ACCOUNT_SUBSTATUSES)
  substatus?: AccountSubstatus | null;

  @ApiPropertyOptional({ description: 'Stored and returned' })
  @IsOmittable()
  @IsString()
  comment?: string;

  @ApiPropertyOptional({ type: VerificationAddressDto, deprecated: true, description: 'Never checked' })
  @IsOmittable()
  @ValidateNested()
  @Type(() => VerificationAddressDto)
  verification_address?: VerificationAddressDto;
}

export class AccountParamsDto {
  @IsUuid({ message: 'account_token must be a UUID' })
  account_token: string;
}

/**
 * The spec lists no 400 for an account's spend limits, so a token that is not a UUID is not refused:
 * it is, like any token but the caller's own, an account not found (404). It never reaches SQL.
 */
export class AccountSpendLimitsParamsDto {
  @IsString()
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  account_token: string;
}
