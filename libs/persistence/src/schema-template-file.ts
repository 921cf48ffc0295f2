import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrations } from './migrations/index.js';

// Where the schema template is (see schema-template.ts): kept apart from the code that builds it,
// so a start reads it without loading TypeORM.

/** How the template is made (schema-template.ts); a change here makes builds remake it. */
const TEMPLATE_FORMAT = 4;

/** The template for these migrations: dist/pglite-schema-<hash of their names>.tar (uncompressed: a start skips the gunzip). */
export function schemaTemplatePath(): string {
  const stamp = createHash('sha256')
    .update([`format ${TEMPLATE_FORMAT}`, ...migrations.map((m) => m.name)].join('\n'))
    .digest('hex')
    .slice(0, 16);
  return join(packageRoot(), 'dist', `pglite-schema-${stamp}.tar`);
}

/** The template for these migrations if the build made it, else undefined. */
export function schemaTemplateFile(): string | undefined {
  const path = schemaTemplatePath();
  return existsSync(path) ? path : undefined;
}

/** The directory of package.json, from this file in src/ or dist/. */
function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`package.json not found above ${from}`);
  }
}
