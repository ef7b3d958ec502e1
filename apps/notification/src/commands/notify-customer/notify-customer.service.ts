import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEnvelope } from '@movie/contracts';
import { NotificationRepository } from '../../database/notification.repository';
import { WebhookDeliveryRepository } from '../../database/webhook-delivery.repository';
import { newNotification, Notification, NotificationContent } from '../../domain/notification';
import { toNotificationView } from '../../queries/notification.view';

/** The webhook URL when the webhook channel is on, undefined otherwise. */
export const WEBHOOK_TARGET = Symbol('WEBHOOK_TARGET');

/** Every booking event carries these. */
export interface BookingEventPayload {
  bookingId: string;
  customerId: string;
}

@Injectable()
export class NotifyCustomerService {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    @Inject(WEBHOOK_TARGET) private readonly webhookUrl: string | undefined,
  ) {}

  /**
   * Records the notification of one event and queues its webhook delivery, in the
   * consumer's transaction. Returns undefined when the event was told already.
   */
  async notify(
    event: EventEnvelope<string, BookingEventPayload>,
    content: NotificationContent,
    manager: EntityManager,
  ): Promise<Notification | undefined> {
    const { bookingId, customerId } = event.payload;
    const notification = newNotification(
      { eventId: event.id, eventType: event.type, bookingId, customerId, occurredAt: event.occurredAt },
      content,
    );
    if (!(await this.notifications.insertOnce(manager, notification))) return undefined;
    if (this.webhookUrl) {
      // `text` first: the one field a Slack-style incoming webhook (or a KakaoTalk relay) needs.
      const body = { text: notification.message, ...toNotificationView(notification) };
      await this.deliveries.enqueue(manager, notification.id, this.webhookUrl, JSON.stringify(body));
    }
    return notification;
  }
}
