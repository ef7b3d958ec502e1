import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  BookingCancelledV1, BookingConfirmedV1, EventEnvelope, PaymentApprovedV1, PaymentRefundedV1, TicketIssuedV1,
  TicketPrintedV1, TicketVoidedV1, Topics,
} from '@movie/contracts';
import { EventHandlers } from '@movie/messaging';
import { Notification, NotificationContent } from '../../domain/notification';
import { notificationContent } from '../../domain/notification-content';
import { BookingEventPayload, NotifyCustomerService } from './notify-customer.service';

/** The payload class each event is validated against, by topic and type. */
const payloadClasses = {
  [Topics.booking]: { BookingConfirmed: BookingConfirmedV1, BookingCancelled: BookingCancelledV1 },
  [Topics.payment]: { PaymentApproved: PaymentApprovedV1, PaymentRefunded: PaymentRefundedV1 },
  [Topics.ticket]: { TicketIssued: TicketIssuedV1, TicketPrinted: TicketPrintedV1, TicketVoided: TicketVoidedV1 },
} as const;

export type NotifiedTopic = keyof typeof payloadClasses;
export const notifiedTopics = Object.keys(payloadClasses) as NotifiedTopic[];

type Describe = (payload: never) => NotificationContent;

/**
 * Handlers for EventConsumer: each one records the event's notification in the
 * consumer's transaction and hands it to `recorded`, which keeps it until the commit.
 */
@Injectable()
export class NotificationEventHandlers {
  constructor(private readonly notify: NotifyCustomerService) {}

  of(topic: NotifiedTopic, recorded: (notification: Notification) => void): EventHandlers {
    const handlers: EventHandlers = {};
    for (const [type, payload] of Object.entries(payloadClasses[topic])) {
      const describe = notificationContent[type as keyof typeof notificationContent] as Describe;
      handlers[type] = {
        payload,
        // The notification's unique event id tells an event told already, so no inbox row is kept.
        dedupes: true,
        handle: async (event: EventEnvelope<string, BookingEventPayload>, manager: EntityManager) => {
          const notification = await this.notify.notify(event, describe(event.payload as never), manager);
          if (notification) recorded(notification);
          return notification !== undefined;
        },
      };
    }
    return handlers;
  }
}
