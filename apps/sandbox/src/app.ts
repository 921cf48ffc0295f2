// The sandbox as one module, what main.ts and the package's entry point load: scripts/bundle.mjs
// bundles it with its dependencies into app.bundle.js (see load-app.ts).
export { bootstrap } from '#platform';
export { SandboxModule } from './sandbox.module.js';
export { startSandbox } from './start-sandbox.js';
