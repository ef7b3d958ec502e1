import { BookingStatus, newId } from '@movie/contracts';

/** What happened to the booking, as the customer is told. */
export type NotificationKind =
  | 'booked'
  | 'payment_approved'
  | 'ticket_ready'
  | 'ticket_printed'
  | 'cancelled'
  | 'refunded'
  | 'ticket_voided';

export const notificationKinds: readonly NotificationKind[] = [
  'booked', 'payment_approved', 'ticket_ready', 'ticket_printed', 'cancelled', 'refunded', 'ticket_voided',
];

/** The customer-facing part of a notification, decided by the event alone. */
export interface NotificationContent {
  kind: NotificationKind;
  /** The booking's new status where the event changes it (1 booked, 2 ticket printed, 9 cancelled). */
  status: BookingStatus | null;
  message: string;
}

/** The fact a notification tells of: one event about one booking of one customer. */
export interface NotifiedEvent {
  eventId: string;
  eventType: string;
  bookingId: string;
  customerId: string;
  occurredAt: string;
}

/** One message to one customer about one event; an event is told at most once (eventId is unique). */
export interface Notification extends NotifiedEvent, NotificationContent {
  id: string;
}

export function newNotification(event: NotifiedEvent, content: NotificationContent): Notification {
  return { id: newId(), ...event, ...content };
}
