import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsUrl } from 'class-validator';
import { DomainError } from '#domain';
import { Clock, CurrentAccount, newWebhookSecret, OutboundHttp } from '#http';
import { AUTH_STREAM_ACCESS, RespondersRepository, type AuthenticatedAccount } from '#persistence';

const TYPES = ['AUTH_STREAM_ACCESS', 'THREE_DS_DECISIONING', 'TOKENIZATION_DECISIONING'] as const;

export class ResponderTypeQuery {
  @ApiProperty({ enum: TYPES })
  @IsIn(TYPES)
  type: (typeof TYPES)[number];
}

export class EnrollResponderDto extends ResponderTypeQuery {
  @ApiProperty({
    example: 'http://127.0.0.1:9000/asa',
    description: 'http(s); localhost works embedded, or when OUTBOUND_ALLOW lists it',
  })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'url must be an http(s) URL' },
  )
  url: string;
}

/** Real-time authorization decisions (Lithic's Auth Stream Access), delivered to localhost too. */
@ApiTags('Real-time authorization')
@Controller('v1')
export class ResponderController {
  constructor(
    @Inject(RespondersRepository) private readonly responders: RespondersRepository,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(OutboundHttp) private readonly outbound: OutboundHttp,
  ) {}

  @Post('responder_endpoints')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enroll a responder that decides authorizations in real time' })
  async enroll(@CurrentAccount() account: AuthenticatedAccount, @Body() body: EnrollResponderDto) {
    supported(body.type);
    this.outbound.assertAllowedUrl('url', body.url);
    await this.responders.enroll(account.token, body.type, body.url, this.clock.now(account));
    return { enrolled: true };
  }

  @Get('responder_endpoints')
  @ApiOperation({ summary: 'Whether a responder is enrolled, and where' })
  async status(@CurrentAccount() account: AuthenticatedAccount, @Query() query: ResponderTypeQuery) {
    const found = await this.responders.find(account.token, query.type);
    return { enrolled: Boolean(found), url: found?.url ?? null };
  }

  @Delete('responder_endpoints')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disenroll the responder' })
  async disenroll(@CurrentAccount() account: AuthenticatedAccount, @Query() query: ResponderTypeQuery) {
    if (!(await this.responders.disenroll(account.token, query.type))) {
      throw new DomainError('NOT_FOUND', `No ${query.type} responder is enrolled`);
    }
  }

  @Get('auth_stream/secret')
  @ApiOperation({ summary: 'The secret that signs responder requests (created on first read)' })
  async secret(@CurrentAccount() account: AuthenticatedAccount) {
    return { secret: await this.responders.secret(account.token, newWebhookSecret) };
  }

  @Post('auth_stream/secret/rotate')
  @HttpCode(204)
  @ApiOperation({ summary: 'Replace the secret; later requests are signed with the new one only' })
  async rotate(@CurrentAccount() account: AuthenticatedAccount) {
    await this.responders.rotateSecret(account.token, newWebhookSecret());
  }
}

/** Only Auth Stream Access is simulated; 3DS and tokenization decisioning are not. */
function supported(type: string): void {
  if (type !== AUTH_STREAM_ACCESS)
    throw new DomainError('NOT_SIMULATED', `type: ${type} responders are not simulated`);
}
