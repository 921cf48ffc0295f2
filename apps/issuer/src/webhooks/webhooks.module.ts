import { Module } from '@nestjs/common';
import { DeliveryWorker } from './delivery-worker.js';
import { EventsController, EventSubscriptionsController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

/** Event subscriptions, the events API, and signed webhook delivery from the outbox. */
@Module({
  controllers: [EventSubscriptionsController, EventsController],
  providers: [WebhooksService, DeliveryWorker],
})
export class WebhooksModule {}
