import 'reflect-metadata';
import { bootstrap } from '#http';
import { SandboxModule } from './sandbox.module.js';

await bootstrap(SandboxModule, 'Card Sandbox');
