import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { PersistenceModule } from '#persistence';
import { ApiKeyGuard } from './auth.js';
import { Clock } from './clock.js';
import { validateEnvironment } from './config.js';
import { LithicErrorFilter } from './errors.js';
import { IdempotencyInterceptor } from './idempotency.js';
import { StatusController } from './status.controller.js';

/** What every app shares: configuration, the database, auth, errors, idempotency, status. */
@Global()
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, validate: validateEnvironment, cache: true }),
    PersistenceModule,
  ],
  controllers: [StatusController],
  providers: [
    { provide: Clock, useFactory: () => new Clock() },
    ApiKeyGuard,
    { provide: APP_GUARD, useExisting: ApiKeyGuard },
    { provide: APP_FILTER, useClass: LithicErrorFilter },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
  exports: [Clock, ApiKeyGuard],
})
export class HttpCoreModule {}
