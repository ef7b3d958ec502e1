import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One row per booking as the customer sees it; every column is a fact taken from an event. */
@Entity('my_booking')
@Index('ix_my_booking_customer', ['customerId', 'createdAt'])
export class MyBookingOrm {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  bookingId: string;

  @Column({ type: 'varchar', length: 120, nullable: true })
  customerId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  movieName: string | null;

  @Column({ type: 'varchar', length: 120, nullable: true })
  screeningId: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  startsAt: string | null;

  @Column({ type: 'simple-json' })
  seats: string[];

  @Column({ type: 'int', nullable: true })
  qty: number | null;

  @Column({ type: 'int', nullable: true })
  totalPrice: number | null;

  /** BookingStatus code (1 booked, 2 ticket printed, 9 cancelled, ...), derived from the facts below. */
  @Column({ type: 'int' })
  status: number;

  @Column({ type: 'varchar', length: 40 })
  statusLabel: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  bookedAt: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  cancelledAt: string | null;

  @Column({ type: 'varchar', length: 12 })
  paymentState: string;

  @Column({ type: 'varchar', length: 120, nullable: true })
  paymentId: string | null;

  @Column({ type: 'int', nullable: true })
  paidAmount: number | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  approvedAt: string | null;

  @Column({ type: 'int', nullable: true })
  refundedAmount: number | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  refundReason: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  refundedAt: string | null;

  @Column({ type: 'varchar', length: 12 })
  ticketState: string;

  @Column({ type: 'varchar', length: 120, nullable: true })
  ticketId: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  issuedAt: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  printedAt: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  voidedAt: string | null;

  /** Earliest and latest event time, so a rebuild reproduces them exactly. */
  @Column({ type: 'varchar', length: 30, nullable: true })
  createdAt: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  updatedAt: string | null;
}
