import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsOmittable, IsUuid, ListQueryDto } from '#platform';

const LISTED_TYPES = ['ISSUING', 'OPERATING', 'RESERVE', 'SECURITY', 'EARLY_DIRECT_DEPOSIT_FLOAT'] as const;

/** Whose financial accounts: the caller's own unless these name another (which lists nothing). */
export class FinancialAccountOwnerQueryDto {
  @ApiPropertyOptional({ description: 'Only this account: the caller sees only its own' })
  @IsOmittable()
  @IsUuid()
  account_token?: string;

  @ApiPropertyOptional({ description: 'The sandbox has no business accounts: any token lists nothing' })
  @IsOmittable()
  @IsUuid()
  business_account_token?: string;
}

export class ListFinancialAccountsQueryDto extends FinancialAccountOwnerQueryDto {
  @ApiPropertyOptional({ enum: LISTED_TYPES })
  @IsOmittable()
  @IsIn(LISTED_TYPES)
  type?: (typeof LISTED_TYPES)[number];
}

export const FINANCIAL_STATUSES = [
  'DECLINED',
  'EXPIRED',
  'PENDING',
  'RETURNED',
  'SETTLED',
  'VOIDED',
] as const;
export type FinancialStatus = (typeof FINANCIAL_STATUSES)[number];

/** Lithic's filters on financial transactions; `page_size` is the sandbox's (default 50). */
class FinancialTransactionsFilterDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: ['APPROVED', 'DECLINED'] })
  @IsOmittable()
  @IsIn(['APPROVED', 'DECLINED'])
  result?: 'APPROVED' | 'DECLINED';

  @ApiPropertyOptional({ enum: FINANCIAL_STATUSES })
  @IsOmittable()
  @IsIn(FINANCIAL_STATUSES)
  status?: FinancialStatus;
}

const ACCOUNT_CATEGORIES = ['ACH', 'CARD', 'INTERNAL', 'TRANSFER'] as const;

export class ListFinancialTransactionsQueryDto extends FinancialTransactionsFilterDto {
  @ApiPropertyOptional({ enum: ACCOUNT_CATEGORIES, description: 'Only CARD ones exist in the sandbox' })
  @IsOmittable()
  @IsIn(ACCOUNT_CATEGORIES)
  category?: (typeof ACCOUNT_CATEGORIES)[number];
}

const CARD_CATEGORIES = ['CARD', 'TRANSFER'] as const;

export class ListCardFinancialTransactionsQueryDto extends FinancialTransactionsFilterDto {
  @ApiPropertyOptional({ enum: CARD_CATEGORIES, description: 'Only CARD ones exist in the sandbox' })
  @IsOmittable()
  @IsIn(CARD_CATEGORIES)
  category?: (typeof CARD_CATEGORIES)[number];
}

export class FinancialAccountParamsDto {
  @IsUuid({ message: 'financial_account_token must be a UUID' })
  financial_account_token: string;
}

export class FinancialTransactionParamsDto extends FinancialAccountParamsDto {
  @IsUuid({ message: 'financial_transaction_token must be a UUID' })
  financial_transaction_token: string;
}
