import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per sold or pending seat. The primary key (screening, seat) is what makes a
 * double sale impossible: the second insert fails in the database, whatever the timing.
 */
@Entity('seat_reservation')
export class SeatReservationOrm {
  @PrimaryColumn({ type: 'varchar', length: 64 }) screeningId: string;
  @PrimaryColumn({ type: 'varchar', length: 8 }) seat: string;
  @Index('ix_seat_reservation_booking')
  @Column({ type: 'varchar', length: 36 })
  bookingId: string;
}
