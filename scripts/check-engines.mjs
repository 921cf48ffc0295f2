// Fails when an installed package needs a newer Node than package.json's `engines` promises, so the
// README's "Node X or newer" stays true. (`engine-strict` in .npmrc already fails `npm ci` on the
// running Node; this checks the promised minimum against every package in the lockfile.)
import { readFileSync } from 'node:fs';
import semver from 'semver';

const root = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8'));
const promised = root.engines.node;
const misfits = Object.entries(lock.packages)
  .filter(([path, pkg]) => path && pkg.engines?.node && !pkg.optional)
  .filter(([, pkg]) => !semver.subset(promised, pkg.engines.node))
  .map(
    ([path, pkg]) => `${path.replace(/^.*node_modules\//, '')}@${pkg.version} needs node ${pkg.engines.node}`,
  );
if (misfits.length > 0) {
  console.error(`package.json promises node ${promised}, but:\n  ${misfits.join('\n  ')}`);
  process.exit(1);
}
console.log(`Every installed package runs on node ${promised}.`);
