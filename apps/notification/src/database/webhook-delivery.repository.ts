import { Injectable } from '@nestjs/common';
import { EntityManager, LessThanOrEqual } from 'typeorm';
import { newId } from '@movie/contracts';
import { TransactionRunner } from '@movie/persistence';
import { AttemptOutcome } from '../domain/webhook-retry';
import { WebhookAttemptOrm } from './webhook-attempt.orm-entity';
import { WebhookDeliveryOrm } from './webhook-delivery.orm-entity';

export interface AttemptRecord {
  attempt: number;
  attemptedAt: string;
  outcome: AttemptOutcome;
  statusCode: number | null;
  error: string | null;
  /** When the next attempt is due; only for outcome 'retry'. */
  nextAttemptAt?: string;
}

@Injectable()
export class WebhookDeliveryRepository {
  constructor(private readonly transactions: TransactionRunner) {}

  /** Queues a POST in the caller's transaction; it becomes visible to the dispatcher on commit. */
  async enqueue(manager: EntityManager, notificationId: string, url: string, body: string): Promise<void> {
    const now = new Date().toISOString();
    await manager.insert(WebhookDeliveryOrm, {
      id: newId(), notificationId, url, body, state: 'pending', attempts: 0,
      nextAttemptAt: now, lastError: null, createdAt: now, deliveredAt: null,
    });
  }

  /**
   * Takes up to `limit` due deliveries for one attempt each, oldest first, by moving their
   * due time to the end of a lease, each only if nobody moved it first: two dispatchers
   * never POST the same attempt, and one that dies mid-attempt leaves it to be tried
   * again when the lease ends. A claimed delivery carries its lease as `nextAttemptAt`.
   *
   * Each statement stands alone: in one transaction, MariaDB 11.6's snapshot isolation fails
   * the claim of a row another dispatcher moved since the read, where a lone update matches
   * nothing. They go through the TransactionRunner, so on SQLite, whose one connection is
   * shared, the read never sees a delivery whose notification is not committed.
   */
  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<WebhookDeliveryOrm[]> {
    const due = await this.transactions.runStatement((manager) => manager.find(WebhookDeliveryOrm, {
      where: { state: 'pending', nextAttemptAt: LessThanOrEqual(now.toISOString()) },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
    }));
    const lease = leaseUntil.toISOString();
    const claimed: WebhookDeliveryOrm[] = [];
    for (const delivery of due) {
      const result = await this.transactions.runStatement((manager) => manager.update(
        WebhookDeliveryOrm,
        { id: delivery.id, state: 'pending', nextAttemptAt: delivery.nextAttemptAt },
        { nextAttemptAt: lease },
      ));
      if (result.affected === 1) claimed.push({ ...delivery, nextAttemptAt: lease });
    }
    return claimed;
  }

  /**
   * The attempt row and the delivery's new state, together, if the claim's lease still holds.
   * A dispatcher that stalled past its lease may find another one has claimed the delivery
   * since: that one's attempt decides, and this one records nothing (false).
   */
  record(delivery: WebhookDeliveryOrm, record: AttemptRecord): Promise<boolean> {
    return this.transactions.run(async (manager) => {
      const held = await manager.update(WebhookDeliveryOrm, { id: delivery.id, state: 'pending', nextAttemptAt: delivery.nextAttemptAt }, {
        attempts: record.attempt,
        state: record.outcome === 'retry' ? 'pending' : record.outcome,
        lastError: record.outcome === 'delivered' ? null : record.error ?? `HTTP ${record.statusCode}`,
        deliveredAt: record.outcome === 'delivered' ? record.attemptedAt : null,
        ...(record.nextAttemptAt ? { nextAttemptAt: record.nextAttemptAt } : {}),
      });
      if (held.affected !== 1) return false;
      await manager.insert(WebhookAttemptOrm, {
        deliveryId: delivery.id, attempt: record.attempt, attemptedAt: record.attemptedAt,
        outcome: record.outcome, statusCode: record.statusCode, error: record.error,
      });
      return true;
    });
  }

  backlog(): Promise<{ pending: number; failed: number }> {
    return this.transactions.run(async (manager) => ({
      pending: await manager.countBy(WebhookDeliveryOrm, { state: 'pending' }),
      failed: await manager.countBy(WebhookDeliveryOrm, { state: 'failed' }),
    }));
  }
}
