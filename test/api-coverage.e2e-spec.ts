import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { ROOT } from './support/process.js';
import { SLOW_MS } from './support/sandbox.js';

/** The README's coverage table, between its marker comments. */
function readmeTable(): string {
  const readme = readFileSync(`${ROOT}/README.md`, 'utf8');
  const match = /<!-- api-coverage:start -->\n([\s\S]*?)<!-- api-coverage:end -->/.exec(readme);
  expect(match).not.toBeNull();
  return match![1].trim();
}

describe('npm run api:coverage', () => {
  it(
    "prints, from the built app's routes, exactly the table README.md shows",
    async () => {
      // dist/ is built by the e2e globalSetup, as `npm run api:coverage` builds it first.
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        ['scripts/api-coverage.mjs', '--markdown'],
        { cwd: ROOT, timeout: SLOW_MS },
      );
      expect(stderr).toContain('booting the sandbox');
      expect(stdout).toMatch(/^\d+ of \d+ operations of Lithic's API are implemented\.$/m);
      expect(readmeTable()).toEqual(stdout.trim());
    },
    SLOW_MS,
  );
});
