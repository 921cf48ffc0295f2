// Scale-out without Docker: deploy/nginx.conf in front of one issuer and N authorizer processes on
// one PostgreSQL, as docker-compose.yml runs them (`--scale authorizer=N`), all on this machine.
// The gateway's configuration is the deployed file with its Docker-only parts replaced: the
// upstream servers are local ports, it listens on a local port, no resolver, no access log.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearTimeout, setTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path)) ?? null;

export const nginxAvailable = () => NGINX !== null;

/** deploy/nginx.conf, routing to `issuerPort` and to every port of `authorizerPorts`. */
export async function gatewayConfig({ port, issuerPort, authorizerPorts }) {
  const text = await readFile(new URL('../../deploy/nginx.conf', import.meta.url), 'utf8');
  const servers = { issuer: [issuerPort], authorizer: authorizerPorts };
  let replaced = 0;
  const config = text
    .replace(/^\s*resolver\s[^;]*;/m, '')
    .replace(/\baccess_log\s+[^;]*;/, 'access_log off;')
    .replace(/\bworker_processes\s+[^;]*;/, 'worker_processes 1;')
    .replace(/\bserver\s+(issuer|authorizer):\d+(?:\s+resolve)?\s*;/g, (_m, name) => {
      replaced++;
      return servers[name].map((p) => `server 127.0.0.1:${p};`).join('\n        ');
    })
    .replace(/\blisten\s+80\s*;/, () => {
      replaced++;
      return `listen 127.0.0.1:${port};`;
    });
  if (replaced !== 3) throw new Error('deploy/nginx.conf changed shape: cannot point it at local processes');
  return config;
}

/** Starts nginx in the foreground with `config`; `stop()` ends it and removes its directory. */
export async function startGateway(config, port) {
  if (!NGINX) throw new Error('nginx is not installed (apt-get install -y nginx)');
  const dir = await mkdtemp(join(tmpdir(), 'bench-gateway-'));
  const file = join(dir, 'nginx.conf');
  await writeFile(file, config);
  const args = [
    '-p',
    `${dir}/`,
    '-e',
    'stderr',
    '-c',
    file,
    '-g',
    `pid ${join(dir, 'nginx.pid')}; daemon off;`,
  ];
  const checked = spawnSync(NGINX, ['-t', ...args], { encoding: 'utf8' });
  if (checked.status !== 0) throw new Error(`nginx -t refused the gateway config:\n${checked.stderr}`);
  const child = spawn(NGINX, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (errors += chunk));
  const exited = new Promise((resolve) => child.once('close', resolve));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = `http://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${errors}`);
    const ok = await fetch(`${url}/v1/status`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (tries > 100) throw new Error(`the gateway did not answer /v1/status: ${errors}`);
    await sleep(50);
  }
  return {
    url,
    async stop() {
      process.off('exit', killOnExit);
      // SIGQUIT: graceful shutdown; the workers finish their requests.
      child.kill('SIGQUIT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
