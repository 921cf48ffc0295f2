import 'reflect-metadata';
import { bootstrap } from '#http';
import { AuthorizerModule } from './authorizer.module.js';

await bootstrap(AuthorizerModule, 'Card Sandbox authorizer');
