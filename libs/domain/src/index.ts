// The rules of card issuing in plain TypeScript: no framework, no database, no clock of its own.
export * from './money.js';
export * from './clock.js';
export * from './errors.js';
export * from './duration.js';
export * from './card/pan.js';
export * from './card/cvv.js';
export * from './card/card.js';
export * from './card/lifecycle.js';
export * from './account/account.js';
export * from './transaction/lifecycle.js';
export * from './transaction/authorization.js';
export * from './transaction/expiry.js';
export * from './authorization/results.js';
export * from './authorization/windows.js';
export * from './authorization/decide.js';
export * from './authorization/serialization.js';
export * from './authorization/responder.js';
