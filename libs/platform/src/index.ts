// The platform every service shares at the edge: config, logging, clock, auth, idempotency, errors, boot.
export * from './auth.js';
export * from './card-data.js';
export * from './clock.js';
export * from './config.js';
export * from './configure-app.js';
export * from './errors.js';
export * from './http-core.module.js';
export * from './idempotency.js';
export * from './is-card-number.js';
export * from './json-body.js';
export * from './logger.js';
export * from './outbound.js';
export * from './outbound-policy.js';
export * from './pagination.js';
export * from './sandbox-hooks.js';
export * from './validation.js';
export * from './webhook-signature.js';
