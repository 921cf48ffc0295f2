import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Database, type DatabaseOptions } from './database.js';
import { AccountsRepository } from './repositories/accounts.repository.js';
import { CardsRepository } from './repositories/cards.repository.js';
import { AuthorizationsRepository } from './repositories/authorizations.repository.js';
import { AuthRulesRepository } from './repositories/auth-rules.repository.js';
import { ThreeDsRepository } from './repositories/three-ds.repository.js';
import { FaultsRepository } from './repositories/faults.repository.js';
import { FundingSourcesRepository } from './repositories/funding-sources.repository.js';
import { IdempotencyRepository } from './repositories/idempotency.repository.js';
import { JournalRepository } from './repositories/journal.repository.js';
import { RespondersRepository } from './repositories/responders.repository.js';
import { SnapshotsRepository } from './repositories/snapshots.repository.js';
import { TransactionsRepository } from './repositories/transactions.repository.js';
import { WebhooksRepository } from './repositories/webhooks.repository.js';
import { CardVault } from './secrets.js';
import { TokenSource } from './token-source.js';
import { Sql } from './sql.js';
import { UnitOfWork } from './unit-of-work.js';

/** Provided by the app (from its validated environment): where the database is and its secrets. */
export const DATABASE_SETTINGS = Symbol('DATABASE_SETTINGS');
export type DatabaseSettings = Omit<DatabaseOptions, 'now'>;

class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** Closes the pool, then the embedded database, so PGlite flushes its files cleanly. */
  async onApplicationShutdown(): Promise<void> {
    await this.database.close((busy) =>
      new Logger('database').warn({ msg: 'closing: ended connections still in use', statements: busy }),
    );
  }
}

const repository = <T>(type: new (dataSource: DataSource) => T) => ({
  provide: type,
  useFactory: (dataSource: DataSource) => new type(dataSource),
  inject: [DataSource],
});

@Global()
@Module({
  providers: [
    {
      provide: Database,
      inject: [DATABASE_SETTINGS],
      useFactory: (settings: DatabaseSettings) => Database.open({ ...settings, now: () => new Date() }),
    },
    { provide: DataSource, inject: [Database], useFactory: (db: Database) => db.dataSource },
    { provide: CardVault, inject: [Database], useFactory: (db: Database) => db.vault },
    { provide: TokenSource, inject: [Database], useFactory: (db: Database) => db.tokens },
    {
      provide: Sql,
      inject: [Database],
      useFactory: (db: Database) => Sql.from(db.dataSource, db.report.mode === 'postgres'),
    },
    { provide: UnitOfWork, useExisting: Sql },
    { provide: AuthorizationsRepository, useFactory: () => new AuthorizationsRepository() },
    { provide: SnapshotsRepository, useFactory: () => new SnapshotsRepository() },
    { provide: ThreeDsRepository, useFactory: () => new ThreeDsRepository() },
    {
      provide: TransactionsRepository,
      inject: [DataSource, Sql],
      useFactory: (dataSource: DataSource, sql: Sql) => new TransactionsRepository(dataSource, sql),
    },
    {
      provide: WebhooksRepository,
      inject: [DataSource, Sql],
      useFactory: (dataSource: DataSource, sql: Sql) => new WebhooksRepository(dataSource, sql),
    },
    {
      provide: RespondersRepository,
      inject: [DataSource, CardVault],
      useFactory: (dataSource: DataSource, vault: CardVault) => new RespondersRepository(dataSource, vault),
    },
    {
      provide: JournalRepository,
      inject: [DataSource, Sql],
      useFactory: (dataSource: DataSource, sql: Sql) => new JournalRepository(dataSource, sql),
    },
    {
      provide: FaultsRepository,
      inject: [Database, Sql],
      // The embedded database belongs to this process alone, so faults can be known in memory too.
      useFactory: (db: Database, sql: Sql) =>
        new FaultsRepository(db.dataSource, sql, db.report.mode === 'embedded'),
    },
    DatabaseLifecycle,
    {
      provide: AccountsRepository,
      inject: [DataSource, Sql, CardVault],
      useFactory: (dataSource: DataSource, sql: Sql, vault: CardVault) =>
        new AccountsRepository(dataSource, sql, vault),
    },
    repository(CardsRepository),
    repository(IdempotencyRepository),
    repository(FundingSourcesRepository),
    repository(AuthRulesRepository),
  ],
  exports: [
    Database,
    DataSource,
    CardVault,
    TokenSource,
    Sql,
    UnitOfWork,
    AccountsRepository,
    CardsRepository,
    IdempotencyRepository,
    AuthorizationsRepository,
    TransactionsRepository,
    WebhooksRepository,
    RespondersRepository,
    SnapshotsRepository,
    JournalRepository,
    FaultsRepository,
    FundingSourcesRepository,
    AuthRulesRepository,
    ThreeDsRepository,
  ],
})
export class PersistenceModule {}
