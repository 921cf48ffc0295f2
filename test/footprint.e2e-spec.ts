import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { ROOT } from './support/process.js';

/**
 * What keeps an idle sandbox small that a test can see (its resident memory itself is measured by
 * `npm run bench:start`, not asserted). The e2e globalSetup has built dist/.
 */
describe('the footprint of an idle sandbox', () => {
  it('loads an ASCII bundle, which V8 keeps at one byte a character', async () => {
    const bundle = await readFile(join(ROOT, 'dist/apps/sandbox/src/app.bundle.js'), 'utf8');
    const wide = bundle.match(/[\u0080-\uffff]/g) ?? [];
    expect(wide).toEqual([]);
    // Escaped, not dropped: Č of validator's Czech alphabet is still there.
    expect(bundle).toContain('\\u010c');
  });
});
