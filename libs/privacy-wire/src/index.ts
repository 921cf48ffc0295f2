// Every mapper between the sandbox's records and Privacy.com's JSON: cards, transactions, funding
// accounts, page-numbered lists, and the X-Privacy-HMAC webhook signature.
export * from './cards.wire.js';
export * from './transactions.wire.js';
export * from './pages.wire.js';
export * from './webhook.wire.js';
