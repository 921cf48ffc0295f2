import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { TRANSACTION_STATUSES } from '#domain';
import { IsOmittable, IsUuid, ListQueryDto } from '#platform';

const STATUSES = TRANSACTION_STATUSES;

export class ListTransactionsQueryDto extends ListQueryDto {
  @ApiPropertyOptional()
  @IsOmittable()
  @IsUuid()
  card_token?: string;

  @ApiPropertyOptional()
  @IsOmittable()
  @IsUuid()
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

export class TransactionParamsDto {
  @IsUuid({ message: 'transaction_token must be a UUID' })
  transaction_token: string;
}

export class TransactionEventParamsDto {
  @IsUuid({ message: 'event_token must be a UUID' })
  event_token: string;
}
