import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn } from 'class-validator';
import { IsOmittable, IsUuid } from '#platform';
import { FinancialAccountOwnerQueryDto } from '../financial-accounts/financial-accounts.dtos.js';

const BALANCE_TYPES = ['ISSUING', 'OPERATING', 'RESERVE', 'SECURITY'] as const;
const balanceDate = () =>
  ApiPropertyOptional({ description: 'RFC 3339: the balance as of this instant; default now' });

export class ListBalancesQueryDto extends FinancialAccountOwnerQueryDto {
  @balanceDate()
  @IsOmittable()
  @IsDateString({ strict: true })
  balance_date?: string;

  @ApiPropertyOptional({ enum: BALANCE_TYPES })
  @IsOmittable()
  @IsIn(BALANCE_TYPES)
  financial_account_type?: (typeof BALANCE_TYPES)[number];
}

/** A balance as of an instant (events created at or before it), or right after an event. */
export class BalanceQueryDto {
  @balanceDate()
  @IsOmittable()
  @IsDateString({ strict: true })
  balance_date?: string;

  @ApiPropertyOptional({ description: 'The balance right after this transaction event' })
  @IsOmittable()
  @IsUuid()
  last_transaction_event_token?: string;
}
