import { AccountEntity } from './account.entity.js';
import { ApiKeyEntity } from './api-key.entity.js';
import {
  AuthRuleBacktestEntity,
  AuthRuleEntity,
  AuthRuleEvaluationEntity,
  AuthRuleVersionEntity,
} from './auth-rule.entity.js';
import { CardEntity } from './card.entity.js';
import {
  EventEntity,
  EventSubscriptionEntity,
  MessageAttemptEntity,
  ResponderEndpointEntity,
} from './event.entity.js';
import { FundingSourceEntity } from './funding-source.entity.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';
import { FaultEntity, JournalEntryEntity } from './sandbox.entity.js';
import { AccountVelocityCounterEntity, CardVelocityCounterEntity } from './spend-counter.entity.js';
import { ThreeDsAuthenticationEntity } from './three-ds-authentication.entity.js';
import { TransactionEntity, TransactionEventEntity } from './transaction.entity.js';

export * from './account.entity.js';
export * from './api-key.entity.js';
export * from './auth-rule.entity.js';
export * from './card.entity.js';
export * from './event.entity.js';
export * from './funding-source.entity.js';
export * from './idempotency-key.entity.js';
export * from './sandbox.entity.js';
export * from './spend-counter.entity.js';
export * from './three-ds-authentication.entity.js';
export * from './transaction.entity.js';

/** Every table the data source maps, in the order the schema's foreign keys allow. */
export const entities = [
  AccountEntity,
  ApiKeyEntity,
  CardEntity,
  IdempotencyKeyEntity,
  TransactionEntity,
  TransactionEventEntity,
  EventEntity,
  EventSubscriptionEntity,
  MessageAttemptEntity,
  ResponderEndpointEntity,
  JournalEntryEntity,
  FaultEntity,
  CardVelocityCounterEntity,
  AccountVelocityCounterEntity,
  FundingSourceEntity,
  AuthRuleEntity,
  AuthRuleVersionEntity,
  AuthRuleEvaluationEntity,
  AuthRuleBacktestEntity,
  ThreeDsAuthenticationEntity,
];
