import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per booking: its payment, or the tombstone of a booking voided before it was paid. */
@Entity('payment')
export class PaymentOrm {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Unique: concurrent charges (or a charge and a void) for one booking cannot both be recorded. */
  @Column({ type: 'varchar', length: 36, unique: true })
  bookingId: string;

  @Column({ type: 'varchar', length: 10 })
  status: string;

  @Column({ type: 'varchar', length: 120, nullable: true })
  customerId: string | null;

  @Column({ type: 'int', nullable: true })
  amount: number | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  approvedAt: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  refundedAt: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  refundReason: string | null;

  @Column({ type: 'varchar', length: 30, nullable: true })
  voidedAt: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  voidReason: string | null;
}
