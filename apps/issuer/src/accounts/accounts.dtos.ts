import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { ACCOUNT_STATES, MAX_CENTS, type AccountState } from '#domain';
import { IsOmittable, IsUuid } from '#platform';

const limit = (name: string) =>
  ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_CENTS,
    description: `${name} limit in cents; 0 removes it`,
  });

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
}

export class AccountParamsDto {
  @IsUuid({ message: 'account_token must be a UUID' })
  account_token: string;
}
