import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What a hold is for: its customer, seats, price and expiry. The seats themselves are seat_reservation rows. */
@Entity('seat_hold')
@Index('ix_seat_hold_expiry', ['state', 'expiresAt'])
export class SeatHoldOrm {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id: string;
  @Column({ type: 'varchar', length: 64 }) customerId: string;
  @Column({ type: 'varchar', length: 100 }) movieName: string;
  @Column({ type: 'varchar', length: 64 }) screeningId: string;
  /** Comma-separated seat labels. */
  @Column({ type: 'varchar', length: 255 }) seats: string;
  @Column({ type: 'int' }) totalPrice: number;
  @Column({ type: 'varchar', length: 30 }) expiresAt: string;
  @Column({ type: 'boolean', default: false }) extended: boolean;
  @Index('ix_seat_hold_booking')
  @Column({ type: 'varchar', length: 36, nullable: true })
  bookingId: string | null;
  @Column({ type: 'varchar', length: 10 }) state: string;
  @Column({ type: 'varchar', length: 30 }) createdAt: string;
}
