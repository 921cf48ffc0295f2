import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { settingNames } from '#platform';
import { ROOT } from './support/process.js';
import { SLOW_MS, useSandbox } from './support/sandbox.js';

const readme = readFileSync(`${ROOT}/README.md`, 'utf8');

/** The fenced blocks of one README section (from its `## ` heading to the next). */
function blocks(section: string, language: string): string[] {
  const start = readme.indexOf(`\n## ${section}\n`);
  expect(start).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  const body = readme.slice(start, end === -1 ? undefined : end);
  return [...body.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

function bash(script: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = execFile('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: 30_000,
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, output }));
  });
}

describe('README', () => {
  // A key of its own: on a PostgreSQL database used before, the default account's key is not
  // known to a new process, and the quickstart reads the key the sandbox hands its dashboard.
  const sandbox = useSandbox({ env: { SANDBOX_API_KEY: `sk_readme_${randomBytes(8).toString('hex')}` } });

  it(
    'runs the curl quickstart as written, with nothing but curl and node',
    async () => {
      const [script] = blocks('curl', 'sh');
      expect(script).not.toContain('uuidgen');
      const { code, output } = await bash(script, { SANDBOX_URL: sandbox.url });
      expect({ code, output }).toMatchObject({ code: 0 });
      // The charge was approved and settled, and the monthly limit shows what is left of $50.
      expect(output).toContain('"status":"SETTLED"');
      expect(output).toContain('"available_spend_limit":{"monthly":3701}');
      expect(output).not.toMatch(/"message"/); // no error answer anywhere
    },
    SLOW_MS,
  );

  it('documents every setting the apps read in its configuration table', () => {
    const start = readme.indexOf('\n## Configuration\n');
    expect(start).toBeGreaterThan(-1);
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const documented = [...section.matchAll(/^\| `([A-Z][A-Z0-9_]+)`/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(settingNames().sort());
  });
});
