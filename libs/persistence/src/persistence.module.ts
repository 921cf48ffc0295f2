import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { Database } from './database.js';
import { AccountsRepository } from './repositories/accounts.repository.js';
import { CardsRepository } from './repositories/cards.repository.js';
import { IdempotencyRepository } from './repositories/idempotency.repository.js';
import { CardVault } from './secrets.js';

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
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        Database.open({
          databaseUrl: config.get<string>('DATABASE_URL') || undefined,
          dataDir: config.getOrThrow<string>('SANDBOX_DATA_DIR'),
          poolSize: config.getOrThrow<number>('DB_POOL_SIZE'),
          secret: config.get<string>('SANDBOX_SECRET') || undefined,
          apiKey: config.get<string>('SANDBOX_API_KEY') || undefined,
          now: () => new Date(),
        }),
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
