import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The sandbox's modules: from the build's one-file bundle (scripts/bundle.mjs), which loads several
 * times faster than the thousand files it is made of, unless SANDBOX_BUNDLE=off asks for the
 * modules as compiled (`npm run start:dev` recompiles those, not the bundle).
 */
export async function loadApp(): Promise<typeof import('./app.js')> {
  const bundle = new URL('./app.bundle.js', import.meta.url);
  const useBundle = process.env.SANDBOX_BUNDLE !== 'off' && existsSync(fileURLToPath(bundle));
  return (await import(useBundle ? bundle.href : './app.js')) as typeof import('./app.js');
}
