// Part of the build: an empty, migrated embedded database dumped to dist/, which a fresh data dir or
// an in-memory sandbox starts from instead of running initdb and the migrations (see
// libs/persistence/src/schema-template.ts). Kept until the migrations change; a few seconds once.
import { buildSchemaTemplate, schemaTemplatePath } from '../dist/libs/persistence/src/schema-template.js';
import { existsSync } from 'node:fs';

if (!existsSync(schemaTemplatePath())) {
  process.stderr.write('Building the embedded schema template (once per set of migrations)…\n');
  const path = await buildSchemaTemplate();
  process.stderr.write(`  ${path}\n`);
}
