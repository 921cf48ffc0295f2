import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { DATABASE_SETTINGS, PersistenceModule, type DatabaseSettings } from '#persistence';
import { ApiKeyGuard } from './auth.js';
import { Clock } from './clock.js';
import { currentSettings, Environment, validateEnvironment } from './config.js';
import { LithicErrorFilter } from './errors.js';
import { IdempotencyGuard } from './idempotency.js';
import { OutboundHttp } from './outbound.js';
import { SandboxHooks } from './sandbox-hooks.js';
import { StatusController } from './status.controller.js';

/** What every app shares: configuration, the database, auth, errors, idempotency, status, outbound HTTP. */
@Global()
@Module({
  imports: [PersistenceModule],
  controllers: [StatusController],
  providers: [
    // Read when the app is created, not when its module is imported; an invalid value stops the boot.
    { provide: Environment, useFactory: () => validateEnvironment(currentSettings()) },
    {
      provide: DATABASE_SETTINGS,
      inject: [Environment],
      useFactory: (env: Environment): DatabaseSettings => ({
        databaseUrl: env.DATABASE_URL || undefined,
        dataDir: env.SANDBOX_DATA_DIR,
        poolSize: env.DB_POOL_SIZE,
        secret: env.SANDBOX_SECRET || undefined,
        apiKey: env.SANDBOX_API_KEY || undefined,
        seed: env.SANDBOX_SEED || undefined,
      }),
    },
    { provide: Clock, useFactory: () => new Clock() },
    OutboundHttp,
    ApiKeyGuard,
    IdempotencyGuard,
    SandboxHooks,
    // In this order: a key is claimed for the account the API key names.
    { provide: APP_GUARD, useExisting: ApiKeyGuard },
    { provide: APP_GUARD, useExisting: IdempotencyGuard },
    { provide: APP_FILTER, useClass: LithicErrorFilter },
  ],
  exports: [Environment, DATABASE_SETTINGS, Clock, ApiKeyGuard, IdempotencyGuard, OutboundHttp],
})
export class HttpCoreModule {}
