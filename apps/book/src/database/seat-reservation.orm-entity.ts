import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per sold, pending or held seat. The primary key (screening, seat) is what makes a
 * double sale impossible: the second insert fails in the database, whatever the timing. A held
 * seat is a row with a holdId and an expiry and no booking yet; once expired it counts as free
 * and is deleted by the sweeper, or by the next insert that runs into it.
 */
@Entity('seat_reservation')
@Index('ix_seat_reservation_expiry', ['expiresAt'])
export class SeatReservationOrm {
  @PrimaryColumn({ type: 'varchar', length: 64 }) screeningId: string;
  @PrimaryColumn({ type: 'varchar', length: 8 }) seat: string;
  @Index('ix_seat_reservation_booking')
  @Column({ type: 'varchar', length: 36, nullable: true })
  bookingId: string | null;
  @Index('ix_seat_reservation_hold')
  @Column({ type: 'varchar', length: 36, nullable: true })
  holdId: string | null;
  /** Only while held (or being paid for from a hold); null once sold. */
  @Column({ type: 'varchar', length: 30, nullable: true })
  expiresAt: string | null;
}
