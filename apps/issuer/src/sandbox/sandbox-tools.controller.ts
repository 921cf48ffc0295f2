import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentAccount } from '#platform';
import type { AuthenticatedAccount } from '#persistence';
import {
  CreateFaultDto,
  FaultResponseDto,
  FaultListResponseDto,
  FaultParamsDto,
  JournalPageResponseDto,
  ListRequestsQueryDto,
} from './sandbox.dtos.js';
import { FindRequests } from './find-requests.use-case.js';
import { InjectFaults } from './inject-faults.use-case.js';

/** For test suites: the account's request journal, and faults injected into its traffic. */
@ApiTags('Sandbox controls')
@Controller('sandbox')
export class SandboxToolsController {
  constructor(
    @Inject(FindRequests) private readonly requestsJournal: FindRequests,
    @Inject(InjectFaults) private readonly faults: InjectFaults,
  ) {}

  @Get('requests')
  @ApiOperation({
    summary: "The caller's API requests and answers, newest first (PAN and CVV masked)",
    description: 'Bounded by JOURNAL_MAX_ENTRIES per account. Reads of this list are not recorded.',
  })
  @ApiOkResponse({ type: JournalPageResponseDto })
  requests(@CurrentAccount() account: AuthenticatedAccount, @Query() query: ListRequestsQueryDto) {
    return this.requestsJournal.list(account, query);
  }

  @Post('faults')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Make the next matching requests fail: a status, latency, a dropped connection',
    description:
      "target api: the caller's next `count` API requests matching method and path; webhooks: its " +
      'next deliveries (recorded as failed attempts); responder: its next ASA calls (the fallback applies).',
  })
  @ApiCreatedResponse({ type: FaultResponseDto })
  createFault(@CurrentAccount() account: AuthenticatedAccount, @Body() body: CreateFaultDto) {
    return this.faults.create(account, body);
  }

  @Get('faults')
  @ApiOperation({ summary: "The caller's faults that still have requests to fail, oldest first" })
  @ApiOkResponse({ type: FaultListResponseDto })
  listFaults(@CurrentAccount() account: AuthenticatedAccount) {
    return this.faults.list(account);
  }

  @Delete('faults')
  @HttpCode(204)
  @ApiOperation({ summary: "Clear all the caller's faults" })
  @ApiNoContentResponse({ description: 'Cleared' })
  async clearFaults(@CurrentAccount() account: AuthenticatedAccount) {
    await this.faults.clear(account, null);
  }

  @Delete('faults/:fault_token')
  @HttpCode(204)
  @ApiOperation({ summary: 'Clear one fault' })
  @ApiNoContentResponse({ description: 'Cleared' })
  async clearFault(@CurrentAccount() account: AuthenticatedAccount, @Param() params: FaultParamsDto) {
    await this.faults.clear(account, params.fault_token);
  }
}
