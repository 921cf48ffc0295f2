import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { prestartEmbedded } from '#persistence/embedded';
import { loadApp } from './load-app.js';

// A .env file in the working directory is optional; real environment variables win.
if (existsSync('.env')) process.loadEnvFile('.env');
// The embedded database boots on a worker thread while this thread loads the app's modules.
prestartEmbedded(process.env);
const { bootstrap, SandboxModule } = await loadApp();
await bootstrap(SandboxModule, 'Card Sandbox');
