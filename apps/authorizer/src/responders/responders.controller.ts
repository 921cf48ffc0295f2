import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccount } from '#platform';
import type { AuthenticatedAccount } from '#persistence';
import { EnrollResponderDto, ResponderTypeQueryDto } from './responders.dtos.js';
import { ManageResponders } from './manage-responders.use-case.js';

/** Real-time authorization decisions (Lithic's Auth Stream Access), delivered to localhost too. */
@ApiTags('Real-time authorization')
@Controller('v1')
export class ResponderController {
  constructor(@Inject(ManageResponders) private readonly responders: ManageResponders) {}

  @Post('responder_endpoints')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enroll a responder that decides authorizations in real time' })
  async enroll(@CurrentAccount() account: AuthenticatedAccount, @Body() body: EnrollResponderDto) {
    await this.responders.enroll(account, body.type, body.url);
    return { enrolled: true };
  }

  @Get('responder_endpoints')
  @ApiOperation({ summary: 'Whether a responder is enrolled, and where' })
  async status(@CurrentAccount() account: AuthenticatedAccount, @Query() query: ResponderTypeQueryDto) {
    const found = await this.responders.status(account, query.type);
    return { enrolled: Boolean(found), url: found?.url ?? null };
  }

  @Delete('responder_endpoints')
  @HttpCode(200)
  @ApiOperation({ summary: 'Disenroll the responder' })
  async disenroll(@CurrentAccount() account: AuthenticatedAccount, @Query() query: ResponderTypeQueryDto) {
    await this.responders.disenroll(account, query.type);
  }

  @Get('auth_stream/secret')
  @ApiOperation({ summary: 'The secret that signs responder requests (created on first read)' })
  async secret(@CurrentAccount() account: AuthenticatedAccount) {
    return { secret: await this.responders.secret(account.token) };
  }

  @Post('auth_stream/secret/rotate')
  @HttpCode(204)
  @ApiOperation({ summary: 'Replace the secret; later requests are signed with the new one only' })
  async rotate(@CurrentAccount() account: AuthenticatedAccount) {
    await this.responders.rotateSecret(account);
  }
}
