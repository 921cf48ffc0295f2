// Every mapper between the sandbox's records and Lithic's JSON: API resources, event payloads, webhooks.
export * from './events.wire.js';
export * from './records.js';
export * from './resources.wire.js';
export * from './embed.wire.js';
export * from './provisioning.wire.js';
export * from './money.wire.js';
export * from './auth-rules.wire.js';
export * from './three-ds.wire.js';
