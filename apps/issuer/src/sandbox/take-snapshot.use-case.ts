import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '#domain';
import { CardVault, SnapshotsRepository, UnitOfWork, type AuthenticatedAccount } from '#persistence';
import { toSnapshot } from './account-snapshot.js';
import type { SnapshotDto } from './snapshot.dtos.js';

/** The caller's whole account as JSON, for POST /sandbox/restore to put back later (a fixture). */
@Injectable()
export class TakeSnapshot {
  constructor(
    @Inject(UnitOfWork) private readonly db: UnitOfWork,
    @Inject(SnapshotsRepository) private readonly snapshots: SnapshotsRepository,
    @Inject(CardVault) private readonly vault: CardVault,
  ) {}

  async execute(caller: AuthenticatedAccount): Promise<SnapshotDto> {
    const rows = await this.snapshots.read(this.db.autocommit, caller.token);
    if (!rows) throw new DomainError('NOT_FOUND', `Account ${caller.token} not found`);
    return toSnapshot(rows, this.vault);
  }
}
