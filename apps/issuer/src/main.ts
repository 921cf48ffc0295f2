import 'reflect-metadata';
import { bootstrap } from '#http';
import { IssuerModule } from './issuer.module.js';

await bootstrap(IssuerModule, 'Card Sandbox issuer');
