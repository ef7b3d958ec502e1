import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AttemptOutcome } from '../domain/webhook-retry';

/** Every POST of a delivery, for operators asking "did the customer's webhook get it, and when?". */
@Entity('webhook_attempt')
@Index('ix_webhook_attempt_delivery', ['deliveryId', 'attempt'])
export class WebhookAttemptOrm {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq: string;

  @Column({ type: 'varchar', length: 36 })
  deliveryId: string;

  @Column({ type: 'int' })
  attempt: number;

  @Column({ type: 'varchar', length: 30 })
  attemptedAt: string;

  @Column({ type: 'varchar', length: 12 })
  outcome: AttemptOutcome;

  @Column({ type: 'int', nullable: true })
  statusCode: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;
}
