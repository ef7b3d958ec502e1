import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One row per Idempotency-Key a customer sent. Its primary key decides between concurrent
 * duplicates; the answer is stored once known, so a retry gets the same status and body.
 */
@Entity('idempotency_key')
@Index('ix_idempotency_key_created', ['createdAt'])
export class IdempotencyKeyOrm {
  @PrimaryColumn({ type: 'varchar', length: 64 }) customerId: string;
  @PrimaryColumn({ type: 'varchar', length: 200 }) idempotencyKey: string;
  /** The request it was first used for: method, path and a hash of the body. */
  @Column({ type: 'varchar', length: 64 }) requestHash: string;
  /** Null while the first request runs, or while its booking waits for payment's answer. */
  @Column({ type: 'int', nullable: true }) statusCode: number | null;
  @Column({ type: 'text', nullable: true }) responseBody: string | null;
  /** The booking the request made, written in the same transaction as the booking. */
  @Column({ type: 'varchar', length: 36, nullable: true }) bookingId: string | null;
  @Column({ type: 'varchar', length: 30 }) createdAt: string;
}
