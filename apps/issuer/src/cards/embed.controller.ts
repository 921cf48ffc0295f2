import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiKeyFrom, Public } from '#platform';
import { EmbedCardQueryDto } from './embed.dtos.js';
import { ShowCardEmbed } from './show-card-embed.use-case.js';

/** The embedded card page: loaded by a browser in an iframe, so the key is optional; the HMAC is not. */
@ApiTags('Cards')
@Controller('v1/embed')
export class EmbedController {
  constructor(@Inject(ShowCardEmbed) private readonly embed: ShowCardEmbed) {}

  @Public()
  @Get('card')
  @ApiProduces('text/html')
  @ApiOperation({
    summary: "A page showing the card's PAN, expiry and CVV, for a request signed with an API key",
  })
  async card(
    @Query() query: EmbedCardQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const page = await this.embed.execute(apiKeyFrom(request.headers.authorization), query);
    // Set on success only: an error is Lithic's JSON body.
    void reply.headers({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'content-security-policy': page.contentSecurityPolicy,
    });
    return page.html;
  }
}
