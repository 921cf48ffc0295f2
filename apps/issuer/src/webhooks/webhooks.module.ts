import { Module } from '@nestjs/common';
import { ChangeEventSubscriptions } from './change-event-subscriptions.use-case.js';
import { DeliveryWorker } from './delivery-worker.js';
import { FindEventSubscriptions } from './find-event-subscriptions.use-case.js';
import { QueueDeliveries } from './queue-deliveries.use-case.js';
import { EventSubscriptionsController } from './webhooks.controller.js';
import { PrivacyWebhookBody } from '../privacy/privacy-webhook-body.js';

/** Event subscriptions and signed webhook delivery from the outbox. */
@Module({
  controllers: [EventSubscriptionsController],
  providers: [
    FindEventSubscriptions,
    ChangeEventSubscriptions,
    QueueDeliveries,
    DeliveryWorker,
    PrivacyWebhookBody,
  ],
  // Resending an event (events/) needs the subscription to exist and be enabled.
  exports: [FindEventSubscriptions],
})
export class WebhooksModule {}
