import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Longest history line kept. */
export const HISTORY_LINE_MAX = 300;

/** One row per event applied to my page; its id doubles as the guard against applying it twice. */
@Entity('my_booking_history')
@Index('ix_my_booking_history_booking', ['bookingId', 'occurredAt', 'eventId'])
export class BookingHistoryOrm {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  eventId: string;

  @Column({ type: 'varchar', length: 36 })
  bookingId: string;

  @Column({ type: 'varchar', length: 80 })
  type: string;

  @Column({ type: 'varchar', length: 30 })
  occurredAt: string;

  @Column({ type: 'varchar', length: HISTORY_LINE_MAX })
  description: string;
}
