import { AccountEntity } from './account.entity.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { CardEntity } from './card.entity.js';
import {
  EventEntity,
  EventSubscriptionEntity,
  MessageAttemptEntity,
  ResponderEndpointEntity,
} from './event.entity.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';
import { FaultEntity, JournalEntryEntity } from './sandbox.entity.js';
import { AccountSpendCounterEntity, CardSpendCounterEntity } from './spend-counter.entity.js';
import { TransactionEntity, TransactionEventEntity } from './transaction.entity.js';

export {
  AccountEntity,
  ApiKeyEntity,
  CardEntity,
  IdempotencyKeyEntity,
  TransactionEntity,
  TransactionEventEntity,
};
export type { AttemptStatus } from './event.entity.js';
export { EventEntity, EventSubscriptionEntity, MessageAttemptEntity, ResponderEndpointEntity };
export { FaultEntity, JournalEntryEntity };
export { AccountSpendCounterEntity, CardSpendCounterEntity };
export type { FaultTarget } from './sandbox.entity.js';

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
  CardSpendCounterEntity,
  AccountSpendCounterEntity,
];
