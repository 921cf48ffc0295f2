/**
 * The containerised deployment, checked offline: there is no Docker engine where the tests run.
 * docker-compose.yml goes through dclint (the Compose Specification JSON schema it bundles plus its
 * style rules) and the same schema through ajv; its structure, deploy/nginx.conf's routing and the
 * Dockerfile are asserted by parsing them; `nginx -t` checks the gateway's configuration.
 * A missing dclint fails these tests; nginx is required in CI and skipped, with a note, elsewhere.
 */
import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { settingNames } from '#platform';
import { whenAvailable } from './support/requirements.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

interface Run {
  code: number | string;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion; a non-zero exit or a missing program is reported, not thrown. */
function run(file: string, args: string[], cwd = root): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { cwd, timeout: 30_000, env: { ...process.env, FORCE_COLOR: '0' } },
      (error, stdout, stderr) => {
        const code = error ? ((error as NodeJS.ErrnoException).code ?? 1) : 0;
        resolve({ code: typeof code === 'number' || typeof code === 'string' ? code : 1, stdout, stderr });
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------
// docker-compose.yml

type Environment = Record<string, string | number | boolean | null> | string[];
interface Service {
  image?: string;
  build?: unknown;
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Environment;
  depends_on?: string[] | Record<string, { condition?: string }>;
  ports?: (string | number | { host_ip?: string; published?: string | number })[];
  expose?: unknown[];
  network_mode?: string;
  volumes?: (string | { type?: string; source?: string; target?: string; read_only?: boolean })[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
}
interface Compose {
  name?: string;
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const composeText = read('docker-compose.yml');
const compose = parse(composeText, { merge: true }) as Compose;
const services = compose.services ?? {};
const apps = ['issuer', 'authorizer'] as const;

function environmentOf(service: Service): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, String(value ?? '')]));
}

/** The value compose would use when the variable is unset: `${NAME:-default}` -> default. */
function interpolatedDefault(value: string): string {
  return value.replace(
    /\$\{(\w+)(?::?-([^}]*))?\}/g,
    (_match, _name: string, fallback?: string) => fallback ?? '',
  );
}

function words(command: string | string[] | undefined): string[] {
  if (command === undefined) return [];
  return Array.isArray(command) ? command : command.split(/\s+/).filter(Boolean);
}

/** The app a command starts: `node dist/apps/<app>/src/main.js` -> <app>. */
function appStartedBy(command: string[]): string | undefined {
  for (const word of command) {
    const match = /^(?:\.\/|\/app\/)?dist\/apps\/([\w-]+)\/src\/main\.js$/.exec(word);
    if (match) return match[1];
  }
  return undefined;
}

describe('docker-compose.yml', () => {
  it('passes dclint: the Compose schema and every style rule, with no warnings', async () => {
    const dclint = join(root, 'node_modules/.bin/dclint');
    expect(existsSync(dclint)).toBe(true); // npm ci installs it (devDependencies)
    const result = await run(dclint, ['docker-compose.yml', '--max-warnings', '0', '--formatter', 'json']);
    const report = JSON.parse(result.stdout) as {
      errorCount: number;
      warningCount: number;
      messages: { rule: string; message: string }[];
    }[];
    expect(report.flatMap((file) => file.messages.map((m) => `${m.rule}: ${m.message}`))).toEqual([]);
    expect(report).toHaveLength(1);
    expect(report[0]).toMatchObject({ errorCount: 0, warningCount: 0 });
    expect(result.code).toBe(0);
  });

  it('is checked for real: dclint rejects a compose file that breaks the schema', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-'));
    try {
      const broken = join(dir, 'docker-compose.yml');
      writeFileSync(
        broken,
        'name: broken\nservices:\n  web:\n    image: nginx:1.27-alpine\n    restrat: always\n',
      );
      const result = await run(join(root, 'node_modules/.bin/dclint'), [broken, '--formatter', 'json']);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('invalid-schema');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('validates against the Compose Specification JSON schema (as bundled by dclint) with ajv', () => {
    const schemaFile = join(root, 'node_modules/dclint/schemas/compose.schema.json');
    expect(existsSync(schemaFile)).toBe(true);
    // ajv knows draft-07 as http://json-schema.org/draft-07/schema#; the file names it by https.
    const { $schema: _draft, ...schema } = JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<
      string,
      unknown
    >;
    const ajv = new Ajv({ allErrors: true, strict: false, allowUnionTypes: true, logger: false });
    const validate = ajv.compile(schema);
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
  });

  it('runs postgres, issuer, authorizer and a gateway', () => {
    expect(Object.keys(services).sort()).toEqual(['authorizer', 'gateway', 'issuer', 'postgres']);
    expect(services.postgres.image).toMatch(/^postgres:16(?:[.-]|$)/);
    expect(services.gateway.image).toMatch(/^nginx:1\.27(?:[.-]|$)/);
  });

  it('publishes only the gateway, and only on 127.0.0.1', () => {
    for (const [name, service] of Object.entries(services)) {
      expect({ name, network_mode: service.network_mode }).toEqual({ name, network_mode: undefined });
      if (name !== 'gateway') expect({ name, ports: service.ports }).toEqual({ name, ports: undefined });
    }
    const ports = services.gateway.ports ?? [];
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) {
      if (typeof port === 'object') expect(port.host_ip).toBe('127.0.0.1');
      else expect(String(port)).toMatch(/^127\.0\.0\.1:\d+:80$/);
    }
  });

  it('runs issuer and authorizer from one build, each with its own command', () => {
    const [issuer, authorizer] = apps.map((app) => services[app]);
    expect(issuer.build).toBeDefined();
    expect(authorizer.build).toEqual(issuer.build);
    expect(authorizer.image).toEqual(issuer.image);
    const build = issuer.build as string | { context?: string; dockerfile?: string };
    const context = typeof build === 'string' ? build : (build.context ?? '.');
    const dockerfile = typeof build === 'string' ? 'Dockerfile' : (build.dockerfile ?? 'Dockerfile');
    expect(existsSync(join(root, context, dockerfile))).toBe(true);
    for (const app of apps) {
      const command = words(services[app].command);
      expect({ app, started: appStartedBy(command) }).toEqual({ app, started: app });
      expect(existsSync(join(root, 'apps', app, 'src/main.ts'))).toBe(true);
      expect(services[app].entrypoint).toBeUndefined();
    }
    expect(issuer.command).not.toEqual(authorizer.command);
  });

  it('keeps issuer and authorizer stateless, healthchecked on /v1/status', () => {
    for (const app of apps) {
      const service = services[app];
      expect({ app, volumes: service.volumes }).toEqual({ app, volumes: undefined });
      expect(service.healthcheck?.disable).not.toBe(true);
      expect(words(service.healthcheck?.test).join(' ')).toContain('/v1/status');
    }
  });

  it('starts issuer and authorizer once postgres is healthy, sharing its DATABASE_URL and one SANDBOX_SECRET', () => {
    expect(words(services.postgres.healthcheck?.test).join(' ')).toContain('pg_isready');
    const postgresVolume = (services.postgres.volumes ?? []).find(
      (volume) => typeof volume === 'string' && volume.endsWith(':/var/lib/postgresql/data'),
    ) as string | undefined;
    expect(postgresVolume).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(postgresVolume!.split(':')[0]);

    const envs = apps.map((app) => environmentOf(services[app]));
    for (const [i, app] of apps.entries()) {
      const dependsOn = services[app].depends_on;
      expect(Array.isArray(dependsOn)).toBe(false);
      expect((dependsOn as Record<string, { condition?: string }>).postgres?.condition).toBe(
        'service_healthy',
      );
      const url = new URL(interpolatedDefault(envs[i].DATABASE_URL ?? ''));
      expect({ app, protocol: url.protocol, host: url.hostname }).toEqual({
        app,
        protocol: 'postgres:',
        host: 'postgres',
      });
    }
    expect(envs[1].DATABASE_URL).toBe(envs[0].DATABASE_URL);
    expect(envs[1].SANDBOX_SECRET).toBe(envs[0].SANDBOX_SECRET);
    expect(envs[0].SANDBOX_SECRET).toMatch(/^\$\{SANDBOX_SECRET:-/); // overridable from the environment
    expect(interpolatedDefault(envs[0].SANDBOX_SECRET)).toMatch(/^[0-9a-f]{64}$/i);
    expect(envs[1].SANDBOX_API_KEY).toBe(envs[0].SANDBOX_API_KEY);
    expect(interpolatedDefault(envs[0].SANDBOX_API_KEY ?? '').length).toBeGreaterThanOrEqual(8);
  });

  it('mounts deploy/nginx.conf read-only into the gateway, which waits for healthy apps', () => {
    const mounts = (services.gateway.volumes ?? []).map((volume) =>
      typeof volume === 'string'
        ? volume
        : `${volume.source}:${volume.target}${volume.read_only ? ':ro' : ''}`,
    );
    expect(mounts).toContain('./deploy/nginx.conf:/etc/nginx/nginx.conf:ro');
    const dependsOn = services.gateway.depends_on as Record<string, { condition?: string }>;
    for (const app of apps) expect(dependsOn?.[app]?.condition).toBe('service_healthy');
  });
});

// ---------------------------------------------------------------------------------------------
// deploy/nginx.conf

const nginxText = read('deploy/nginx.conf');
// Required in CI (.ci/run installs Debian's nginx); skipped on a laptop that has none.
const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path));
const withNginx = whenAvailable('nginx', nginx !== undefined, 'Install it with `apt-get install -y nginx`.');
const nginxConf = nginxText.replace(/#[^\n]*/g, ''); // no quoted '#' in this file

/** upstream name -> its `server host:port` entries. */
function upstreams(conf: string): Map<string, { host: string; port: number }[]> {
  const found = new Map<string, { host: string; port: number }[]>();
  for (const [, name, body] of conf.matchAll(/\bupstream\s+([\w.-]+)\s*\{([^}]*)\}/g)) {
    const servers = [...body.matchAll(/\bserver\s+([\w.-]+):(\d+)[^;]*;/g)].map(([, host, port]) => ({
      host,
      port: Number(port),
    }));
    found.set(name, servers);
  }
  return found;
}

interface Location {
  modifier: '' | '=' | '^~' | '~' | '~*';
  pattern: string;
  proxyPass?: string;
}

function locations(conf: string): Location[] {
  return [...conf.matchAll(/\blocation\s+(?:(=|\^~|~\*|~)\s*)?(\S+)\s*\{([^}]*)\}/g)].map(
    ([, modifier, pattern, body]) => ({
      modifier: (modifier ?? '') as Location['modifier'],
      pattern,
      proxyPass: /\bproxy_pass\s+([^;\s]+)\s*;/.exec(body)?.[1],
    }),
  );
}

/** nginx's choice of location: exact match, else the longest prefix unless a regex matches first. */
function locationFor(path: string, all: Location[]): Location | undefined {
  const exact = all.find((l) => l.modifier === '=' && l.pattern === path);
  if (exact) return exact;
  const prefix = all
    .filter((l) => (l.modifier === '' || l.modifier === '^~') && path.startsWith(l.pattern))
    .sort((a, b) => b.pattern.length - a.pattern.length)[0];
  if (prefix?.modifier === '^~') return prefix;
  const regex = all.find(
    (l) =>
      (l.modifier === '~' || l.modifier === '~*') &&
      new RegExp(l.pattern, l.modifier === '~*' ? 'i' : '').test(path),
  );
  return regex ?? prefix;
}

/** The compose service a request path reaches through the gateway. */
function serviceFor(path: string): string | undefined {
  const proxyPass = locationFor(path, locations(nginxConf))?.proxyPass;
  const target = proxyPass && /^http:\/\/([\w.-]+)(?::(\d+))?\/?$/.exec(proxyPass);
  if (!target) return undefined;
  const servers = upstreams(nginxConf).get(target[1]) ?? [{ host: target[1], port: Number(target[2] ?? 80) }];
  const hosts = [...new Set(servers.map((s) => `${s.host}:${s.port}`))];
  return hosts.length === 1 && hosts[0].endsWith(':4000')
    ? hosts[0].slice(0, -':4000'.length)
    : hosts.join(',');
}

describe('deploy/nginx.conf', () => {
  it.each([
    ['/v1/simulate/authorize', 'authorizer'],
    ['/v1/simulate/clearing', 'authorizer'],
    ['/v1/simulate/event_subscriptions/ep_2a/send_example', 'issuer'],
    ['/v1/transactions', 'authorizer'],
    ['/v1/transactions/8b2f4c1e-0000-4000-8000-000000000000', 'authorizer'],
    ['/v1/responder_endpoints', 'authorizer'],
    ['/v1/auth_stream/secret', 'authorizer'],
    ['/', 'issuer'],
    ['/v1/cards', 'issuer'],
    ['/v1/cards/8b2f4c1e-0000-4000-8000-000000000000', 'issuer'],
    ['/v1/accounts', 'issuer'],
    ['/v1/balances', 'issuer'],
    ['/v1/financial_accounts/8b2f4c1e-0000-4000-8000-000000000000/financial_transactions', 'issuer'],
    ['/v1/cards/8b2f4c1e-0000-4000-8000-000000000000/financial_transactions', 'issuer'],
    ['/v1/events', 'issuer'],
    ['/v1/event_subscriptions', 'issuer'],
    ['/v1/status', 'issuer'],
    ['/docs', 'issuer'],
    ['/sandbox/reset', 'issuer'],
    ['/sandbox/requests', 'issuer'],
    ['/sandbox/clock', 'authorizer'],
    ['/sandbox/clock/advance', 'authorizer'],
    // Privacy.com's routes: its transaction lists are the authorizer's, the rest the issuer's.
    ['/v1/transaction/all', 'authorizer'],
    ['/v1/transaction/declines?card_token=8b2f4c1e-0000-4000-8000-000000000000', 'authorizer'],
    ['/v1/card', 'issuer'],
    ['/v1/fundingsource/bank', 'issuer'],
    ['/v1/embed/card', 'issuer'],
    ['/sandbox/privacy/webhook', 'issuer'],
  ])('routes %s to the %s', (path, service) => {
    expect(serviceFor(path)).toBe(service);
    expect(Object.keys(services)).toContain(service);
  });

  it('proxies over HTTP/1.1 keep-alive, forwards Host and X-Forwarded-For, limits bodies to 1m', () => {
    expect(nginxConf).toMatch(/\bproxy_http_version\s+1\.1\s*;/);
    expect(nginxConf).toMatch(/\bproxy_set_header\s+Connection\s+(""|'')\s*;/);
    expect(nginxConf).toMatch(/\bproxy_set_header\s+Host\s+\$(http_host|host)\b/);
    expect(nginxConf).toMatch(/\bproxy_set_header\s+X-Forwarded-For\s+\$proxy_add_x_forwarded_for\s*;/);
    expect(nginxConf).toMatch(/\bclient_max_body_size\s+1m\s*;/);
    for (const name of ['issuer', 'authorizer']) {
      const body = new RegExp(`\\bupstream\\s+${name}\\s*\\{([^}]*)\\}`).exec(nginxConf)?.[1] ?? '';
      expect({ name, keepalive: /\bkeepalive\s+\d+\s*;/.test(body) }).toEqual({ name, keepalive: true });
    }
  });

  it('re-resolves service names through Docker DNS, so scaled replicas join the round robin', () => {
    expect(nginxConf).toMatch(/\bresolver\s+127\.0\.0\.11\b[^;]*\bvalid=\d+s/);
    for (const servers of upstreams(nginxConf).values()) {
      for (const { host } of servers) expect(Object.keys(services)).toContain(host);
    }
  });

  withNginx.it('is accepted by nginx -t (upstream hosts replaced by 127.0.0.1)', async () => {
    // Debian's nginx (apt-get install nginx) validates the file. It predates 1.27.3, where upstream
    // servers learned `resolve`, so that parameter goes with the host names; `nginx -t` also binds
    // the listen sockets, so port 80 becomes a free local port.
    const port = await freePort();
    let replaced = 0;
    const testable = nginxText
      .replace(/\bserver\s+[\w.-]+:(\d+)(?:\s+resolve)?\s*;/g, (_match, upstreamPort: string) => {
        replaced += 1;
        return `server 127.0.0.1:${upstreamPort};`;
      })
      .replace(/\blisten\s+80\s*;/g, () => {
        replaced += 1;
        return `listen 127.0.0.1:${port};`;
      });
    expect(replaced).toBeGreaterThanOrEqual(3);
    const dir = mkdtempSync(join(tmpdir(), 'nginx-'));
    try {
      writeFileSync(join(dir, 'nginx.conf'), testable);
      const args = ['-t', '-p', `${dir}/`, '-e', 'stderr', '-c', join(dir, 'nginx.conf')];
      const result = await runToFile(nginx!, [...args, '-g', `pid ${join(dir, 'nginx.pid')};`], dir);
      expect({ code: result.code, output: result.output.trim() }).toEqual({
        code: 0,
        output: expect.stringContaining('test is successful'),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Like run(), with stdout and stderr going to a file: nginx opens /dev/stdout (the access log) by
 * path, which a socket (what execFile gives a child for its output) does not allow.
 */
function runToFile(
  file: string,
  args: string[],
  dir: string,
): Promise<{ code: number | string; output: string }> {
  const outputFile = join(dir, 'output.log');
  const fd = openSync(outputFile, 'w');
  return new Promise<number | string>((resolve) => {
    const child = spawn(file, args, { cwd: dir, stdio: ['ignore', fd, fd] });
    child.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'spawn failed'));
    child.once('close', (code, signal) => resolve(code ?? signal ?? 'killed'));
  }).then((code) => {
    closeSync(fd);
    return { code, output: readFileSync(outputFile, 'utf8') };
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Dockerfile, .dockerignore, .env.example

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(text: string): { keyword: string; args: string }[] {
  return text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

const dockerfile = instructions(read('Dockerfile'));
const stages = dockerfile.reduce<{ keyword: string; args: string }[][]>((all, instruction) => {
  if (instruction.keyword === 'FROM') all.push([]);
  all.at(-1)?.push(instruction);
  return all;
}, []);
const finalStage = stages.at(-1) ?? [];

/** FROM arguments with global ARG defaults substituted. */
function baseImage(from: string): string {
  const globals = new Map<string, string>();
  for (const instruction of dockerfile) {
    if (instruction.keyword === 'FROM') break;
    const match = /^(\w+)=(\S+)$/.exec(instruction.args);
    if (instruction.keyword === 'ARG' && match) globals.set(match[1], match[2].replace(/^["']|["']$/g, ''));
  }
  return from.split(/\s+/)[0].replace(/\$\{?(\w+)\}?/g, (_match, name: string) => globals.get(name) ?? '');
}

function execForm(args: string): string[] {
  const parsed = JSON.parse(args) as unknown;
  expect(Array.isArray(parsed)).toBe(true);
  return parsed as string[];
}

describe('Dockerfile', () => {
  it('builds with the dev dependencies in a node:20-bookworm-slim stage, and ships production ones only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(baseImage(stage[0].args)).toBe('node:20-bookworm-slim');
    const builder = stages.find((stage) =>
      stage.some((i) => i.keyword === 'RUN' && /npm run build/.test(i.args)),
    );
    expect(builder).toBeDefined();
    expect(builder!.some((i) => i.keyword === 'RUN' && /\bnpm ci\b(?!.*--omit=dev)/.test(i.args))).toBe(true);
    expect(finalStage.some((i) => i.keyword === 'RUN' && /\bnpm ci\b.*--omit=dev/.test(i.args))).toBe(true);
    const copies = finalStage.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copies.some((args) => /^--from=\S+\s+\S*dist\/?\s+\S*dist\/?$/.test(args))).toBe(true);
    expect(copies.some((args) => args.split(/\s+/).includes('package.json'))).toBe(true);
  });

  it('runs as a non-root user, listening on 0.0.0.0:4000, with a /v1/status healthcheck', () => {
    const user = finalStage.filter((i) => i.keyword === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
    const env = finalStage
      .filter((i) => i.keyword === 'ENV')
      .map((i) => i.args)
      .join(' ');
    expect(env).toMatch(/\bHOST=0\.0\.0\.0\b/);
    expect(finalStage.some((i) => i.keyword === 'EXPOSE' && i.args.split(/\s+/).includes('4000'))).toBe(true);
    const healthcheck = finalStage.filter((i) => i.keyword === 'HEALTHCHECK').at(-1)?.args ?? '';
    expect(healthcheck).toMatch(/\bCMD\b.*\bfetch\(.*\/v1\/status/);
  });

  it('starts, by default, an app that `npm run build` compiles into dist/apps/', () => {
    const build = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.build;
    expect(build).toMatch(/\bswc\b.*\bapps\b.*--out-dir dist\b/);
    const cmd = finalStage.filter((i) => i.keyword === 'CMD').at(-1);
    const entrypoint = finalStage.filter((i) => i.keyword === 'ENTRYPOINT').at(-1);
    const command = [...(entrypoint ? execForm(entrypoint.args) : []), ...execForm(cmd?.args ?? 'null')];
    expect(command[0]).toBe('node');
    const app = appStartedBy(command);
    expect(app).toBeDefined();
    expect(existsSync(join(root, 'apps', app!, 'src/main.ts'))).toBe(true);
  });
});

describe('.dockerignore and .env.example', () => {
  it('keeps dependencies, build output, local state and secrets out of the build context', () => {
    const ignored = read('.dockerignore')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    for (const entry of [
      'node_modules',
      'dist',
      '.sandbox-data',
      '.git',
      'coverage',
      'test-results',
      '.env',
    ]) {
      expect(ignored.some((line) => line === entry || line === `**/${entry}`)).toBe(true);
    }
    // ...but not what the Dockerfile copies from the context.
    const sources = dockerfile
      .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    for (const source of sources) expect(ignored).not.toContain(source.replace(/^\.\/|\/$/g, ''));
  });

  it('lists every variable the apps read (libs/platform/src/config.ts)', () => {
    const example = read('.env.example');
    expect(settingNames()).toEqual(
      expect.arrayContaining(['PORT', 'HOST', 'DATABASE_URL', 'SANDBOX_SECRET']),
    );
    for (const name of settingNames()) {
      expect({ name, documented: new RegExp(`^#?\\s*${name}=`, 'm').test(example) }).toEqual({
        name,
        documented: true,
      });
    }
  });
});

describe('settings reach the services', () => {
  /** Fixed by the image: it listens on 0.0.0.0:4000 (nginx and the healthchecks rely on it) on PostgreSQL. */
  const FIXED_BY_IMAGE = ['PORT', 'HOST', 'SANDBOX_DATA_DIR'];

  it.each(apps)('passes every setting of config.ts to %s, overridable from .env', (app) => {
    const env = environmentOf(services[app]);
    for (const name of settingNames().filter((n) => !FIXED_BY_IMAGE.includes(n))) {
      expect({ name, passed: name in env }).toEqual({ name, passed: true });
      if (name !== 'DATABASE_URL')
        expect({ name, value: env[name] }).toEqual({
          name,
          value: expect.stringMatching(`^\\$\\{${name}:-`),
        });
    }
  });

  it('passes no setting the apps do not read', () => {
    for (const app of apps)
      for (const name of Object.keys(environmentOf(services[app])))
        expect({ app, name, known: settingNames().includes(name) }).toEqual({ app, name, known: true });
  });
});
