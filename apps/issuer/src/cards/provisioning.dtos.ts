import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBase64, IsIn, IsString, MaxLength } from 'class-validator';
import { DIGITAL_WALLETS, WEB_PUSH_WALLETS, type DigitalWallet } from '#domain';
import { IsOmittable, IsUuid } from '#platform';

/** Wallet-supplied blobs: Apple's leaf certificate is the largest, a few kilobytes. */
const WALLET_FIELD_MAX = 16 * 1024;

export class ProvisionCardDto {
  @ApiProperty({ enum: DIGITAL_WALLETS })
  @IsIn(DIGITAL_WALLETS)
  digital_wallet: DigitalWallet;

  @ApiPropertyOptional({ description: 'APPLE_PAY, with nonce and nonce_signature: base64' })
  @IsOmittable()
  @IsBase64()
  @MaxLength(WALLET_FIELD_MAX)
  certificate?: string;

  @ApiPropertyOptional({ description: 'APPLE_PAY: base64' })
  @IsOmittable()
  @IsBase64()
  @MaxLength(WALLET_FIELD_MAX)
  nonce?: string;

  @ApiPropertyOptional({ description: 'APPLE_PAY: base64' })
  @IsOmittable()
  @IsBase64()
  @MaxLength(WALLET_FIELD_MAX)
  nonce_signature?: string;

  @ApiPropertyOptional({ description: 'GOOGLE_PAY, SAMSUNG_PAY' })
  @IsOmittable()
  @IsString()
  @MaxLength(255)
  client_device_id?: string;

  @ApiPropertyOptional({ description: 'GOOGLE_PAY, SAMSUNG_PAY' })
  @IsOmittable()
  @IsString()
  @MaxLength(255)
  client_wallet_account_id?: string;
}

export class WebProvisionCardDto {
  @ApiProperty({ enum: WEB_PUSH_WALLETS })
  @IsIn(WEB_PUSH_WALLETS)
  digital_wallet: (typeof WEB_PUSH_WALLETS)[number];

  @ApiPropertyOptional({ description: 'GOOGLE_PAY' })
  @IsOmittable()
  @IsUuid()
  server_session_id?: string;

  @ApiPropertyOptional({ description: 'GOOGLE_PAY' })
  @IsOmittable()
  @IsUuid()
  client_device_id?: string;

  @ApiPropertyOptional({ description: 'GOOGLE_PAY' })
  @IsOmittable()
  @IsUuid()
  client_wallet_account_id?: string;
}
