import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per notification; the unique event id makes a second telling of one event impossible. */
@Entity('notification')
@Index('ix_notification_customer', ['customerId', 'occurredAt'])
export class NotificationOrm {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('uq_notification_event', { unique: true })
  @Column({ type: 'varchar', length: 36 })
  eventId: string;

  @Column({ type: 'varchar', length: 80 })
  eventType: string;

  @Column({ type: 'varchar', length: 36 })
  bookingId: string;

  @Column({ type: 'varchar', length: 120 })
  customerId: string;

  @Column({ type: 'varchar', length: 30 })
  kind: string;

  /** BookingStatus code where the event changes it (1, 2, 9); null otherwise. */
  @Column({ type: 'int', nullable: true })
  status: number | null;

  @Column({ type: 'varchar', length: 500 })
  message: string;

  @Column({ type: 'varchar', length: 30 })
  occurredAt: string;

  @Column({ type: 'varchar', length: 30 })
  recordedAt: string;
}
