import { ApiProperty } from '@nestjs/swagger';
import { IsUuid } from '#platform';

export class SandboxAccountParamsDto {
  @IsUuid({ message: 'account_token must be a UUID' })
  account_token: string;
}

export class SandboxAccountResponseDto {
  @ApiProperty({ format: 'uuid' }) account_token: string;
  @ApiProperty({ description: 'The new account’s API key; shown once', example: 'sk_sandbox_…' })
  api_key: string;
}
