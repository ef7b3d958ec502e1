import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AttemptOutcome } from '../domain/webhook-retry';

/** Every POST of a delivery, for operators asking "did the customer's webhook get it, and when?". */
@Entity('webhook_attempt')
export class WebhookAttemptOrm {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  deliveryId: string;

  /** 1 for the first POST. */
  @PrimaryColumn({ type: 'int' })
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
