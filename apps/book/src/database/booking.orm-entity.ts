import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('booking')
@Index('ix_booking_customer', ['customerId', 'createdAt'])
@Index('ix_booking_status', ['status', 'createdAt'])
export class BookingOrm {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 64 }) customerId: string;
  @Column({ type: 'varchar', length: 64 }) movieId: string;
  @Column({ type: 'varchar', length: 100 }) movieName: string;
  @Column({ type: 'varchar', length: 64 }) screeningId: string;
  @Column({ type: 'varchar', length: 30 }) startsAt: string;
  /** Comma-separated seat labels, as the original API wrote them. */
  @Column({ type: 'varchar', length: 255 }) seats: string;
  @Column({ type: 'int' }) totalPrice: number;
  @Column({ type: 'smallint' }) status: number;
  @Column({ type: 'varchar', length: 64, nullable: true }) paymentId: string | null;
  @Column({ type: 'boolean', default: false }) voidPending: boolean;
  @Column({ type: 'varchar', length: 30 }) createdAt: string;
  @Column({ type: 'varchar', length: 30 }) updatedAt: string;
}
