import { describe, it } from '@jest/globals';

/**
 * A suite that needs a tool beyond Node (PostgreSQL, Chromium, nginx) runs whenever the tool is
 * there. In CI (CI=true) a missing tool fails the run, never skips; on a laptop with nothing but
 * Node, the suite is skipped with a note saying how to get the tool, so `npm test` still passes.
 */
export function whenAvailable(
  tool: string,
  present: boolean,
  install: string,
): { describe: typeof describe.skip; it: typeof it.skip } {
  if (present) return { describe, it };
  if (process.env.CI) throw new Error(`${tool} is required in CI but missing. ${install}`);
  process.stderr.write(`\n  Skipping the tests that need ${tool}: it is missing here. ${install}\n\n`);
  return { describe: describe.skip, it: it.skip };
}
