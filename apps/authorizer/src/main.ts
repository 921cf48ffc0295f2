import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { bootstrap } from '#platform';
import { AuthorizerModule } from './authorizer.module.js';

// A .env file in the working directory is optional; real environment variables win.
if (existsSync('.env')) process.loadEnvFile('.env');
await bootstrap(AuthorizerModule, 'Card Sandbox authorizer');
