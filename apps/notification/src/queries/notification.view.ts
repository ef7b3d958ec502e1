import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BookingStatus, bookingStatusLabel } from '@movie/contracts';
import { Notification, NotificationKind, notificationKinds } from '../domain/notification';

/** A notification as customers, webhooks and the live stream see it. */
export class NotificationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The event it tells of; one notification per event.' }) eventId: string;
  @ApiProperty({ example: 'BookingConfirmed' }) eventType: string;
  @ApiProperty({ format: 'uuid' }) bookingId: string;
  @ApiProperty() customerId: string;
  @ApiProperty({ enum: notificationKinds }) kind: NotificationKind;
  @ApiPropertyOptional({
    enum: BookingStatus, nullable: true, description: "The booking's new status: 1 booked, 2 ticket printed, 9 cancelled; null when the event does not change it.",
  })
  status: BookingStatus | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'booked' }) statusLabel: string | null;
  @ApiProperty({ example: 'Your booking for Soul, seats 1A 2B, is confirmed.' }) message: string;
  @ApiProperty({ format: 'date-time', description: 'When the event happened.' }) occurredAt: string;
}

export class NotificationListView {
  @ApiProperty({ type: [NotificationView], description: 'Newest first.' }) items: NotificationView[];
  @ApiProperty() limit: number;
}

export const toNotificationView = (notification: Notification): NotificationView => ({
  id: notification.id,
  eventId: notification.eventId,
  eventType: notification.eventType,
  bookingId: notification.bookingId,
  customerId: notification.customerId,
  kind: notification.kind,
  status: notification.status,
  statusLabel: notification.status === null ? null : bookingStatusLabel[notification.status],
  message: notification.message,
  occurredAt: notification.occurredAt,
});
