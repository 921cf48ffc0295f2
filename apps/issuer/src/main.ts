import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { bootstrap } from '#platform';
import { IssuerModule } from './issuer.module.js';

// A .env file in the working directory is optional; real environment variables win.
if (existsSync('.env')) process.loadEnvFile('.env');
await bootstrap(IssuerModule, 'Card Sandbox issuer');
