import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentAccount } from '#platform';
import type { AuthenticatedAccount } from '#persistence';
import { RestoreSnapshot } from './restore-snapshot.use-case.js';
import { SnapshotDto } from './snapshot.dtos.js';
import { TakeSnapshot } from './take-snapshot.use-case.js';

/** Fixtures for test suites: an account's whole state saved as JSON, and put back. */
@ApiTags('Sandbox controls')
@Controller('sandbox')
export class SandboxSnapshotsController {
  constructor(
    @Inject(TakeSnapshot) private readonly takeSnapshot: TakeSnapshot,
    @Inject(RestoreSnapshot) private readonly restoreSnapshot: RestoreSnapshot,
  ) {}

  @Post('snapshot')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "The caller's account as JSON: settings, clock, cards, transactions, events, subscriptions, responders",
    description:
      'PANs and signing secrets stay sealed, under a key derived from the master secret: the snapshot ' +
      'restores into any sandbox with the same SANDBOX_SECRET (or, without one, the same SANDBOX_SEED).',
  })
  @ApiOkResponse({ type: SnapshotDto })
  snapshot(@CurrentAccount() account: AuthenticatedAccount) {
    return this.takeSnapshot.execute(account);
  }

  @Post('restore')
  @HttpCode(204)
  @ApiOperation({
    summary: "Replace the caller's account's data with a snapshot's, tokens kept",
    description:
      'One transaction: a reset, then the snapshot. 409 when a token or PAN of the snapshot belongs to ' +
      'another account of this sandbox; webhooks are not sent again and the request journal stays.',
  })
  @ApiNoContentResponse({ description: 'Restored' })
  async restore(@CurrentAccount() account: AuthenticatedAccount, @Body() body: SnapshotDto) {
    await this.restoreSnapshot.execute(account, body);
  }
}
