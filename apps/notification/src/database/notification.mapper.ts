import { BookingStatus } from '@movie/contracts';
import { Notification, NotificationKind } from '../domain/notification';
import { NotificationOrm } from './notification.orm-entity';

export const toNotificationOrm = (notification: Notification, recordedAt: string): NotificationOrm =>
  Object.assign(new NotificationOrm(), { ...notification, recordedAt });

export const toNotification = (row: NotificationOrm): Notification => ({
  id: row.id,
  eventId: row.eventId,
  eventType: row.eventType,
  bookingId: row.bookingId,
  customerId: row.customerId,
  kind: row.kind as NotificationKind,
  status: row.status as BookingStatus | null,
  message: row.message,
  occurredAt: row.occurredAt,
});
