import { loadApp } from './load-app.js';

// The package's entry point (package.json "exports"): startSandbox() from the bundled app.
export const { startSandbox } = await loadApp();
