// Migrations are passed as classes (globs are fragile under ESM and jest). Never edit one that landed.
import { InitialSchema1795283801988 } from './1795283801988-initial-schema.js';
import { Transactions1795284062351 } from './1795284062351-transactions.js';
import { EventsAndWebhooks1795286027576 } from './1795286027576-events-and-webhooks.js';
import { CardClosedBy1796039005460 } from './1796039005460-card-closed-by.js';
import { IdempotencyClaims1796039449667 } from './1796039449667-idempotency-claims.js';
import { JournalAndFaults1796041220414 } from './1796041220414-journal-and-faults.js';
import { CardAndAccountProperties1796050000000 } from './1796050000000-card-and-account-properties.js';
import { ApiKeySealed1796052848914 } from './1796052848914-api-key-sealed.js';
import { SpendCounters1796056516115 } from './1796056516115-spend-counters.js';
import { TokenBlocks1796060000000 } from './1796060000000-token-blocks.js';
import { PrivacyApi1796065060802 } from './1796065060802-privacy-api.js';
import { AuthRulesAndThreeDs1796066850820 } from './1796066850820-auth-rules-and-three-ds.js';
import { SpendHours1796068000000 } from './1796068000000-spend-hours.js';
import { AuthRuleEvaluations1796070000000 } from './1796070000000-auth-rule-evaluations.js';
import { AuthRulesStamp1796072000000 } from './1796072000000-auth-rules-stamp.js';
import { VelocityCounters1796076835203 } from './1796076835203-velocity-counters.js';
import { DropAuthRuleScopes1796078000000 } from './1796078000000-drop-auth-rule-scopes.js';
import { DropSpendCounters1796080000000 } from './1796080000000-drop-spend-counters.js';
import { AccountCountsSpend1796084000000 } from './1796084000000-account-counts-spend.js';

export const migrations = [
  InitialSchema1795283801988,
  Transactions1795284062351,
  EventsAndWebhooks1795286027576,
  CardClosedBy1796039005460,
  IdempotencyClaims1796039449667,
  JournalAndFaults1796041220414,
  CardAndAccountProperties1796050000000,
  ApiKeySealed1796052848914,
  SpendCounters1796056516115,
  TokenBlocks1796060000000,
  PrivacyApi1796065060802,
  AuthRulesAndThreeDs1796066850820,
  SpendHours1796068000000,
  AuthRuleEvaluations1796070000000,
  AuthRulesStamp1796072000000,
  VelocityCounters1796076835203,
  DropAuthRuleScopes1796078000000,
  DropSpendCounters1796080000000,
  AccountCountsSpend1796084000000,
];
