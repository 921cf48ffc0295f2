// Writes a migration with the SQL that takes the migrated schema to what the entities describe.
// Usage: DATABASE_URL=postgres://.../scratch npm run migration:generate -- add-transactions
import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';

const name = process.argv[2];
if (!name || !/^[a-z0-9-]+$/.test(name)) throw new Error('Give the migration a kebab-case name');
if (!process.env.DATABASE_URL) throw new Error('Set DATABASE_URL to a scratch PostgreSQL database');

const { createDataSource } = await import('../dist/libs/persistence/src/data-source.js');
const dataSource = createDataSource(process.env.DATABASE_URL, 2);
await dataSource.initialize();
await dataSource.runMigrations();
const sql = await dataSource.driver.createSchemaBuilder().log();
await dataSource.destroy();
if (sql.upQueries.length === 0) {
  console.log('Entities and migrations agree; nothing to generate.');
  process.exit(0);
}
const timestamp = Date.now();
const className = name.replace(/(^|-)(\w)/g, (_, __, c) => c.toUpperCase()) + timestamp;
const lines = (queries) =>
  queries.map((q) => `    await runner.query(${JSON.stringify(q.query)});`).join('\n');
const file = `libs/persistence/src/migrations/${timestamp}-${name}.ts`;
await writeFile(
  file,
  `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(runner: QueryRunner): Promise<void> {
${lines(sql.upQueries)}
  }

  async down(runner: QueryRunner): Promise<void> {
${lines(sql.downQueries.reverse())}
  }
}
`,
);
console.log(`Wrote ${file}; add ${className} to libs/persistence/src/migrations/index.ts`);
