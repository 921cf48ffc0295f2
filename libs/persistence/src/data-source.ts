import { DataSource } from 'typeorm';
import { entities } from './entities/index.js';
import { migrations } from './migrations/index.js';

export function createDataSource(url: string, poolSize: number): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    poolSize,
    // Pipelining: statements a transaction issues together (BEGIN and its first reads) leave in
    // one round trip; a client that awaits each statement, as TypeORM does, sees no difference.
    extra: { max: poolSize, application_name: 'card-sandbox', pipeline: true },
  });
}

// Migrations, and creating the first account, must run once even when several replicas start together.
const MIGRATION_LOCK = 7_310_512;

export async function withStartupLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    return await work();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
