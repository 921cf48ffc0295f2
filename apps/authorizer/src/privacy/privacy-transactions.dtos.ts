import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsOmittable, IsUuid, PrivacyPageQueryDto } from '#platform';

export const APPROVAL_STATUSES = ['all', 'approvals', 'declines'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export class PrivacyTransactionsParamsDto {
  @ApiProperty({ enum: APPROVAL_STATUSES })
  @IsIn(APPROVAL_STATUSES)
  approval_status: ApprovalStatus;
}

export class PrivacyListTransactionsQueryDto extends PrivacyPageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable()
  @IsUuid()
  card_token?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOmittable()
  @IsUuid()
  transaction_token?: string;
}
