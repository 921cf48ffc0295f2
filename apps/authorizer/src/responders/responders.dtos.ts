import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUrl, MaxLength } from 'class-validator';
import { RESPONDER_TYPES, type ResponderType } from '#domain';
import { URL_MAX_LENGTH } from '#platform';

export class ResponderTypeQueryDto {
  @ApiProperty({ enum: RESPONDER_TYPES })
  @IsIn(RESPONDER_TYPES)
  type: ResponderType;
}

export class EnrollResponderDto extends ResponderTypeQueryDto {
  @ApiProperty({
    example: 'http://127.0.0.1:9000/asa',
    description: 'http(s); localhost works embedded, or when OUTBOUND_ALLOW lists it',
    maxLength: URL_MAX_LENGTH,
  })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'url must be an http(s) URL' },
  )
  @MaxLength(URL_MAX_LENGTH)
  url: string;
}
