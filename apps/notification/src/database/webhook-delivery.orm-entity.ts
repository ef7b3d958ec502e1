import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type WebhookDeliveryState = 'pending' | 'delivered' | 'failed';

/**
 * The delivery outbox: a notification to POST, written in the transaction that records
 * the notification and sent after commit, so a receiver that is down delays delivery
 * but neither blocks consumption nor loses anything.
 */
@Entity('webhook_delivery')
@Index('ix_webhook_delivery_due', ['state', 'nextAttemptAt'])
export class WebhookDeliveryOrm {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('uq_webhook_delivery_notification', { unique: true })
  @Column({ type: 'varchar', length: 36 })
  notificationId: string;

  @Column({ type: 'varchar', length: 2000 })
  url: string;

  /** The JSON body, fixed when the notification is recorded. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 12 })
  state: WebhookDeliveryState;

  @Column({ type: 'int' })
  attempts: number;

  /** ISO time before which nobody tries it; also the lease of the dispatcher that holds it. */
  @Column({ type: 'varchar', length: 30 })
  nextAttemptAt: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ type: 'varchar', length: 30 })
  createdAt: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  deliveredAt: string | null;
}
