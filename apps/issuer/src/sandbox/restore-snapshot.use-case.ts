import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '#domain';
import { Clock } from '#platform';
import {
  AccountsRepository,
  CardVault,
  SnapshotsRepository,
  UnitOfWork,
  type AuthenticatedAccount,
} from '#persistence';
import { fromSnapshot } from './account-snapshot.js';
import { ManageSandboxAccounts } from './manage-sandbox-accounts.use-case.js';
import type { SnapshotDto } from './snapshot.dtos.js';

/**
 * Replaces the caller's account's data with a snapshot's, tokens kept, in one transaction: a reset,
 * then the inserts. The account's own token and keys stay.
 */
@Injectable()
export class RestoreSnapshot {
  constructor(
    @Inject(UnitOfWork) private readonly db: UnitOfWork,
    @Inject(AccountsRepository) private readonly accounts: AccountsRepository,
    @Inject(SnapshotsRepository) private readonly snapshots: SnapshotsRepository,
    @Inject(ManageSandboxAccounts) private readonly controls: ManageSandboxAccounts,
    @Inject(CardVault) private readonly vault: CardVault,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute(caller: AuthenticatedAccount, snapshot: SnapshotDto): Promise<void> {
    const restored = fromSnapshot(snapshot, caller.token, this.vault);
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await this.controls.clear(tx, caller.token);
      await this.accounts.deleteOwned(tx, 'responder_endpoints', caller.token);
      await this.accounts.deleteOwned(tx, 'funding_sources', caller.token);
      // The caller's rows are gone: whatever still holds these keys is another account's.
      const taken = await this.snapshots.firstTaken(tx, restored.keys);
      if (taken)
        throw new DomainError(
          'CONFLICT',
          `A ${taken.what} of this snapshot (${taken.key}) belongs to another account of this sandbox: ` +
            'restore into a fresh sandbox (with the same SANDBOX_SECRET or SANDBOX_SEED), or delete or ' +
            'reset that account first',
        );
      await this.accounts.restore(tx, caller.token, restored.settings, now);
      for (const [table, rows] of restored.tables) await this.snapshots.insert(tx, table, rows);
      // A snapshot carries transactions, not counters: the limits count them again.
      await this.snapshots.countTransactions(tx, caller.token);
    });
  }
}
