import { expect } from '@jest/globals';
import type { TestSandbox } from './sandbox.js';

/** Rows of every table in the public schema whose text form contains `needle`, as "table: row". */
export async function rowsContaining(sandbox: TestSandbox, needle: string): Promise<string[]> {
  const { dataSource } = sandbox.database;
  const tables: { table_name: string }[] = await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['cards', 'idempotency_keys']));
  const found: string[] = [];
  for (const { table_name } of tables) {
    const rows: { row: string }[] = await dataSource.query(
      `SELECT t::text AS row FROM "${table_name}" t WHERE strpos(t::text, $1) > 0`,
      [needle],
    );
    found.push(...rows.map((r) => `${table_name}: ${r.row}`));
  }
  return found;
}
