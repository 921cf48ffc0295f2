import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { settingNames } from '#platform';
import { ROOT } from './support/process.js';
import { raw } from './support/http.js';
import { SLOW_MS, useSandbox } from './support/sandbox.js';
import { eventually, Receiver } from './support/webhooks.js';

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

  it(
    'runs the Privacy.com curl session as written: a single-use card charged, closed, then declined',
    async () => {
      const [script] = blocks('Privacy.com API', 'sh');
      const { code, output } = await bash(script, { SANDBOX_URL: sandbox.url });
      expect({ code, output }).toMatchObject({ code: 0 });
      const lines = output.trim().split('\n').slice(-4);
      expect(JSON.parse(lines[0])).toEqual({
        token: expect.any(String),
        debugging_request_id: expect.any(String),
      });
      expect(lines[1]).toBe('CLOSED');
      expect(JSON.parse(lines[2])).toEqual({
        debugging_request_id: expect.any(String),
        message: expect.any(String),
      });
      expect(lines[3]).toBe('SINGLE_USE_RECHARGED');
    },
    SLOW_MS,
  );

  it(
    'verifies a real Privacy webhook with its five-line verifier, and refuses a tampered one',
    async () => {
      const [code] = blocks('Privacy.com API', 'js');
      expect(code.trim().split('\n')).toHaveLength(5);
      const dir = mkdtempSync(join(tmpdir(), 'readme-'));
      writeFileSync(join(dir, 'verify.mjs'), code);
      const { verifyPrivacyWebhook } = (await import(join(dir, 'verify.mjs'))) as {
        verifyPrivacyWebhook: (body: string, header: string, apiKey: string) => boolean;
      };
      const receiver = await Receiver.start();
      try {
        const { apiKey } = await sandbox.newAccount();
        const authorization = `api-key ${apiKey}`;
        await raw(sandbox.url, '/sandbox/privacy/webhook', {
          method: 'PUT',
          authorization,
          body: { url: receiver.url },
        });
        const card = (
          await raw(sandbox.url, '/v1/card', { method: 'POST', authorization, body: { type: 'SINGLE_USE' } })
        ).body as { pan: string };
        await raw(sandbox.url, '/v1/simulate/authorize', {
          method: 'POST',
          authorization,
          body: { descriptor: 'CAFÉ', pan: card.pan, amount: 300 },
        });
        const [delivery] = await eventually(
          'a Privacy webhook',
          () => receiver.deliveries.length > 0 && receiver.deliveries,
        );
        const header = String(delivery.headers['x-privacy-hmac']);
        expect(verifyPrivacyWebhook(delivery.body, header, apiKey)).toBe(true);
        expect(verifyPrivacyWebhook(delivery.body.replace('300', '3000'), header, apiKey)).toBe(false);
        expect(verifyPrivacyWebhook(delivery.body, header, 'another key')).toBe(false);
      } finally {
        await receiver.stop();
      }
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
