import { ApiProperty } from '@nestjs/swagger';
import { IsBase64, IsString, MaxLength } from 'class-validator';
/** The JSON holds a token, a css URL and a target origin, both at most 2048 characters. */
const EMBED_REQUEST_MAX = 8 * 1024;

export class EmbedCardQueryDto {
  @ApiProperty({ description: 'base64 of the EmbedRequest JSON (token, css, expiration, target_origin)' })
  @IsString()
  @IsBase64()
  @MaxLength(EMBED_REQUEST_MAX)
  embed_request: string;

  @ApiProperty({ description: 'base64 HMAC-SHA256 of the EmbedRequest JSON text, keyed with the API key' })
  @IsString()
  @IsBase64()
  @MaxLength(64)
  hmac: string;
}
