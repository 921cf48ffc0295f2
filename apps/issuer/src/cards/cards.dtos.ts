import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  CARD_STATES,
  CARD_TYPES,
  MAX_CENTS,
  SPEND_LIMIT_DURATIONS,
  type CardState,
  type CardType,
  type SpendLimitDuration,
} from '#domain';
import { IsCardNumber, IsOmittable, IsUuid, ListQueryDto } from '#platform';

export const MEMO_MAX_LENGTH = 255;

export class CreateCardDto {
  @ApiProperty({ enum: CARD_TYPES, description: 'PHYSICAL is not simulated' })
  @IsIn(CARD_TYPES)
  type: CardType;

  @ApiPropertyOptional({ maxLength: MEMO_MAX_LENGTH })
  @IsOmittable()
  @IsString()
  @MaxLength(MEMO_MAX_LENGTH)
  memo?: string;

  @ApiPropertyOptional({ description: 'Cents; 0 means no limit', minimum: 0, maximum: MAX_CENTS })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(MAX_CENTS)
  spend_limit?: number;

  @ApiPropertyOptional({ enum: SPEND_LIMIT_DURATIONS, default: 'TRANSACTION' })
  @IsOmittable()
  @IsIn(SPEND_LIMIT_DURATIONS)
  spend_limit_duration?: SpendLimitDuration;

  @ApiPropertyOptional({ enum: ['OPEN', 'PAUSED'], default: 'OPEN' })
  @IsOmittable()
  @IsIn(['OPEN', 'PAUSED'])
  state?: 'OPEN' | 'PAUSED';

  @ApiPropertyOptional({ example: '06', description: 'With exp_year; default five years ahead' })
  @IsOmittable()
  @Matches(/^\d{2}$/, { message: 'exp_month must be two digits (MM)' })
  exp_month?: string;

  @ApiPropertyOptional({ example: '2030' })
  @IsOmittable()
  @Matches(/^\d{4}$/, { message: 'exp_year must be four digits (YYYY)' })
  exp_year?: string;

  @ApiPropertyOptional({ description: "Must be the caller's own account" })
  @IsOmittable()
  @IsUuid()
  account_token?: string;

  @ApiPropertyOptional({ description: 'Only the sandbox program 00000000-0000-0000-1000-000000000000' })
  @IsOmittable()
  @IsUuid()
  card_program_token?: string;
}

export class UpdateCardDto {
  @ApiPropertyOptional({ enum: CARD_STATES, description: 'CLOSED is final' })
  @IsOmittable()
  @IsIn(CARD_STATES)
  state?: CardState;

  @ApiPropertyOptional({ maxLength: MEMO_MAX_LENGTH })
  @IsOmittable()
  @IsString()
  @MaxLength(MEMO_MAX_LENGTH)
  memo?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_CENTS })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(MAX_CENTS)
  spend_limit?: number;

  @ApiPropertyOptional({ enum: SPEND_LIMIT_DURATIONS })
  @IsOmittable()
  @IsIn(SPEND_LIMIT_DURATIONS)
  spend_limit_duration?: SpendLimitDuration;

  @ApiPropertyOptional({
    enum: ['OK'],
    description: 'Accepted for compatibility; sandbox PINs are never blocked',
  })
  @IsOmittable()
  @IsIn(['OK'])
  pin_status?: 'OK';
}

export class ListCardsQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: CARD_STATES })
  @IsOptional()
  @IsIn(CARD_STATES)
  state?: CardState;

  @ApiPropertyOptional({ description: 'Cards whose memo contains this text' })
  @IsOptional()
  @IsString()
  @MaxLength(MEMO_MAX_LENGTH)
  memo?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUuid()
  account_token?: string;
}

export class SearchByPanDto {
  @ApiProperty({ example: '4111111289144142' })
  @IsCardNumber()
  pan: string;
}

export class CardParamsDto {
  @IsUuid({ message: 'card_token must be a UUID' })
  card_token: string;
}
