import { NotificationOrm } from './notification.orm-entity';
import { WebhookAttemptOrm } from './webhook-attempt.orm-entity';
import { WebhookDeliveryOrm } from './webhook-delivery.orm-entity';

/** The notification service's own tables. */
export const notificationEntities = [NotificationOrm, WebhookDeliveryOrm, WebhookAttemptOrm];
