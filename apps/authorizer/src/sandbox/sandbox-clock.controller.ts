import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccount } from '#platform';
import type { AuthenticatedAccount } from '#persistence';
import { AdvanceClock } from './advance-clock.use-case.js';
import { FindClock } from './find-clock.use-case.js';
import { AdvanceClockDto, ClockResponseDto } from './sandbox-clock.dtos.js';

/** Time control, a sandbox extension with no Lithic equivalent: the clock each account sees. */
@ApiTags('Sandbox controls')
@Controller('sandbox/clock')
export class SandboxClockController {
  constructor(
    @Inject(FindClock) private readonly findClock: FindClock,
    @Inject(AdvanceClock) private readonly advanceClock: AdvanceClock,
  ) {}

  @Get()
  @ApiOperation({ summary: "The caller's sandbox clock: real time plus an offset" })
  @ApiOkResponse({ type: ClockResponseDto })
  clock(@CurrentAccount() account: AuthenticatedAccount) {
    return this.findClock.get(account);
  }

  @Post('advance')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move the clock forward by seconds or an ISO-8601 duration (never backward)' })
  @ApiOkResponse({ type: ClockResponseDto })
  advance(@CurrentAccount() account: AuthenticatedAccount, @Body() body: AdvanceClockDto) {
    return this.advanceClock.execute(account, body);
  }
}
