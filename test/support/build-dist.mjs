// Jest globalSetup for the e2e and integration projects: compile apps/ and libs/ into dist/ once, before any suite,
// so tests that spawn the real `node dist/apps/...` process run what `npm start` runs. (Loaded by
// Node's own resolver, so plain ESM.) One build here, instead of one per suite, avoids two jest
// workers writing dist/ while a third runs it.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function buildDist() {
  // Each project that runs names this setup; one build per jest run is enough.
  if (process.env.CARD_SANDBOX_DIST_BUILT) return;
  process.env.CARD_SANDBOX_DIST_BUILT = 'true';
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(`${root}/node_modules/.bin/swc`, ['apps', 'libs', '--out-dir', 'dist', '--quiet'], {
    cwd: root,
    stdio: 'inherit',
  });
  // The schema template a fresh embedded database starts from, as `npm run build` makes it.
  execFileSync(process.execPath, ['scripts/build-schema-template.mjs'], { cwd: root, stdio: 'inherit' });
  // main.js loads the app from this bundle when it exists: a stale one would run old code.
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: root, stdio: 'inherit' });
}
