import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { TRANSACTION_STATUSES } from '#domain';
import { IsOmittable, ListQueryDto } from '#http';

const STATUSES = TRANSACTION_STATUSES;

export class ListTransactionsQueryDto extends ListQueryDto {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsUUID()
  card_token?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsUUID()
  account_token?: string;

  @ApiPropertyOptional({ enum: ['APPROVED', 'DECLINED'] })
  @IsOmittable()
  @IsIn(['APPROVED', 'DECLINED'])
  result?: 'APPROVED' | 'DECLINED';

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOmittable()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];
}

export class TransactionTokenParams {
  @IsUUID(undefined, { message: 'transaction_token must be a UUID' })
  transaction_token: string;
}
