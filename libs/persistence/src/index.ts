// Where the sandbox's state lives: TypeORM on PostgreSQL or embedded PGlite, migrations, card secrets.
export * from './database.js';
export * from './database-errors.js';
export * from './data-source.js';
export * from './entities/index.js';
export * from './persistence.module.js';
export * from './secrets.js';
export * from './repositories/accounts.repository.js';
export * from './repositories/cards.repository.js';
export * from './repositories/idempotency.repository.js';
export * from './repositories/keyset.js';
export * from './sql.js';
export * from './unit-of-work.js';
export * from './repositories/authorizations.repository.js';
export * from './repositories/transactions.repository.js';
export * from './repositories/webhooks.repository.js';
export * from './outbox.js';
export * from './repositories/responders.repository.js';
