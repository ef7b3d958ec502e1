import { Module } from '@nestjs/common';
import { NotificationRepository } from './notification.repository';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';

/** The repositories, in a module of their own so readiness can read the webhook backlog too. */
@Module({
  providers: [NotificationRepository, WebhookDeliveryRepository],
  exports: [NotificationRepository, WebhookDeliveryRepository],
})
export class NotificationDatabaseModule {}
