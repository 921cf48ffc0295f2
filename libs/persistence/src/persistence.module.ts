import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Database, type DatabaseOptions } from './database.js';
import { AccountsRepository } from './repositories/accounts.repository.js';
import { CardsRepository } from './repositories/cards.repository.js';
import { IdempotencyRepository } from './repositories/idempotency.repository.js';
import { CardVault } from './secrets.js';

/** Provided by the app (from its validated environment): where the database is and its secrets. */
export const DATABASE_SETTINGS = Symbol('DATABASE_SETTINGS');
export type DatabaseSettings = Omit<DatabaseOptions, 'now'>;

class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** Closes the pool, then the embedded database, so PGlite flushes its files cleanly. */
  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
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
    DatabaseLifecycle,
    repository(AccountsRepository),
    repository(CardsRepository),
    repository(IdempotencyRepository),
  ],
  exports: [Database, DataSource, CardVault, AccountsRepository, CardsRepository, IdempotencyRepository],
})
export class PersistenceModule {}
