import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { bootstrap } from '#platform';
import { SandboxModule } from './sandbox.module.js';

// A .env file in the working directory is optional; real environment variables win.
if (existsSync('.env')) process.loadEnvFile('.env');
await bootstrap(SandboxModule, 'Card Sandbox');
