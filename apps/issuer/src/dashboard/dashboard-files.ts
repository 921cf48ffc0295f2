import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the dashboard's files are on disk. The dashboard is plain ES modules with no build step, so
 * the same directory serves from a clone (`npm start`, jest) and from the image (/app/apps/dashboard).
 */
export function dashboardDirectory(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'dashboard');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    if (dirname(dir) === dir) throw new Error(`apps/dashboard/index.html not found above ${from}`);
  }
}

/** The browser loads these packages' ES modules as they are published, through the page's import map. */
export const VENDORED_PACKAGES = ['preact', 'htm'] as const;

/** The root directory of an installed package, found the way Node resolves it. */
export function packageDirectory(name: string): string {
  const require = createRequire(import.meta.url);
  for (let dir = dirname(require.resolve(name)); dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === name) return dir;
  }
  throw new Error(`Package ${name} not found`);
}
