import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn } from 'class-validator';
import { IsOmittable, IsUuid } from '#platform';

const BALANCE_TYPES = ['ISSUING', 'OPERATING', 'RESERVE', 'SECURITY'] as const;

/** A balance as of an instant (events created at or before it) rather than now. */
export class BalanceDateQueryDto {
  @ApiPropertyOptional({ description: 'RFC 3339: the balance as of this instant; default now' })
  @IsOmittable()
  @IsDateString({ strict: true })
  balance_date?: string;
}

export class ListBalancesQueryDto extends BalanceDateQueryDto {
  @ApiPropertyOptional({ description: 'Only this account: the caller sees only its own' })
  @IsOmittable()
  @IsUuid()
  account_token?: string;

  @ApiPropertyOptional({ description: 'The sandbox has no business accounts: any token lists nothing' })
  @IsOmittable()
  @IsUuid()
  business_account_token?: string;

  @ApiPropertyOptional({ enum: BALANCE_TYPES })
  @IsOmittable()
  @IsIn(BALANCE_TYPES)
  financial_account_type?: (typeof BALANCE_TYPES)[number];
}

export class BalanceQueryDto extends BalanceDateQueryDto {
  @ApiPropertyOptional({ description: 'The balance right after this transaction event' })
  @IsOmittable()
  @IsUuid()
  last_transaction_event_token?: string;
}
