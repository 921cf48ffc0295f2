// The authorize scenarios of `npm run bench`: each charges its own cards, on its own account (so an
// account-wide setting of one touches no other), and has a pgbench ceiling running the same SQL
// (pgbench-scripts.mjs) or none. A scenario is a few lines:
//
//   id          key in the results JSON (and for --only, --compare)
//   label       its row in the table
//   card        the POST /v1/cards body of its cards
//   oncePerCard each card is charged once (the run is one request per card, not a duration)
//   setup       optional: async ({ url, apiKey, accountToken }) => void, before its cards are made
//               (the auth-rule scenarios create their rules here)
//   pgbench     the name of its ceiling's script in PGBENCH_SCRIPTS, or null
//   ratioTo     optional, with no ceiling: the id of the scenario its throughput is a ratio of
import { createAuthRules } from './auth-rules.mjs';
import { SPEND_LIMIT } from './history.mjs';

const ALL_SCENARIOS = [
  {
    id: 'plain',
    label: 'plain VIRTUAL card',
    card: { type: 'VIRTUAL' },
    pgbench: 'plain',
  },
  {
    id: 'limited',
    label: 'locked: MONTHLY limit',
    card: { type: 'VIRTUAL', spend_limit: SPEND_LIMIT, spend_limit_duration: 'MONTHLY' },
    pgbench: 'limited',
  },
  {
    id: 'singleUse',
    label: 'locked: single-use (1 charge/card)',
    card: { type: 'SINGLE_USE' },
    oncePerCard: true,
    pgbench: 'singleUse',
  },
  {
    id: 'merchantLocked',
    label: 'locked: merchant-locked',
    card: { type: 'MERCHANT_LOCKED' },
    pgbench: 'merchantLocked',
  },
  {
    id: 'authRulesElsewhere',
    label: 'plain card, 100 auth rules on other cards',
    card: { type: 'VIRTUAL' },
    setup: (app) => createAuthRules(app, 100, 'elsewhere'),
    pgbench: null,
    ratioTo: 'plain',
  },
  {
    id: 'authRules100',
    label: 'plain card, 100 auth rules on every card',
    card: { type: 'VIRTUAL' },
    setup: (app) => createAuthRules(app, 100, 'program'),
    pgbench: null,
    ratioTo: 'plain',
  },
];

/** BENCH_SCENARIOS=limited,plain runs only those (ids above); all by default. */
const chosen = process.env.BENCH_SCENARIOS?.split(',').filter(Boolean);
const unknown = chosen?.filter((id) => !ALL_SCENARIOS.some((s) => s.id === id)) ?? [];
if (unknown.length > 0)
  throw new Error(
    `BENCH_SCENARIOS: no scenario ${unknown.join(', ')} (${ALL_SCENARIOS.map((s) => s.id).join(', ')})`,
  );
export const SCENARIOS = chosen ? ALL_SCENARIOS.filter((s) => chosen.includes(s.id)) : ALL_SCENARIOS;
