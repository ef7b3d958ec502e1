import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { WebhookDeliveryOrm } from '../../database/webhook-delivery.orm-entity';
import { WebhookDeliveryRepository } from '../../database/webhook-delivery.repository';
import { backoffMs, outcomeOf, problemOf } from '../../domain/webhook-retry';
import { WebhookSettings } from '../../notification.config';
import { NotificationMetrics } from '../notify-customer/notification.metrics';
import { WebhookSender } from './webhook.sender';

export const WEBHOOK_SETTINGS = Symbol('WEBHOOK_SETTINGS');

const BATCH = 20;
/** Extra lease beyond the batch's worst case, so an attempt in flight is never taken twice. */
const LEASE_MARGIN_MS = 5000;

/**
 * Sends the delivery outbox: every committed, due delivery is POSTed; a failure is
 * recorded and tried again later with exponential backoff, until it is delivered,
 * refused for good (a 4xx, or a redirect, which is never followed) or out of attempts.
 * Woken after each commit; polls otherwise.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly sender: WebhookSender,
    @Inject(WEBHOOK_SETTINGS) private readonly settings: WebhookSettings,
    @Optional() private readonly metrics?: NotificationMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.stopped = false;
    this.wake();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Starts a round now, or right after the one in progress. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.drain()
      .then(
        () => undefined,
        (error: unknown) => this.logger.error(`webhook round failed: ${error instanceof Error ? error.message : error}`),
      )
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        } else if (!this.stopped) {
          this.timer = setTimeout(() => this.wake(), this.settings.pollMs);
          this.timer.unref();
        }
      });
  }

  /** One round: attempts every delivery due now, batch after batch. Returns how many were attempted. */
  async drain(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const leaseUntil = new Date(Date.now() + BATCH * this.settings.timeoutMs + LEASE_MARGIN_MS);
      const claimed = await this.deliveries.claimDue(new Date(), leaseUntil, BATCH);
      for (const delivery of claimed) await this.attempt(delivery);
      attempted += claimed.length;
      if (claimed.length < BATCH || this.stopped) return attempted;
    }
  }

  private async attempt(delivery: WebhookDeliveryOrm): Promise<void> {
    const attempt = delivery.attempts + 1;
    const answer = await this.sender.post({
      url: delivery.url, body: delivery.body, notificationId: delivery.notificationId, timeoutMs: this.settings.timeoutMs,
    });
    const outcome = outcomeOf(answer, attempt, this.settings);
    const problem = problemOf(answer);
    const attemptedAt = new Date();
    const recorded = await this.deliveries.record(delivery, {
      attempt,
      attemptedAt: attemptedAt.toISOString(),
      outcome,
      statusCode: 'statusCode' in answer ? answer.statusCode : null,
      error: problem,
      nextAttemptAt: outcome === 'retry' ? new Date(attemptedAt.getTime() + backoffMs(attempt, this.settings)).toISOString() : undefined,
    });
    if (!recorded) {
      this.logger.warn(`webhook attempt ${attempt} of notification ${delivery.notificationId} outlasted its lease; the dispatcher that claimed it since records its outcome`);
      return;
    }
    if (outcome === 'delivered') this.metrics?.sent('webhook');
    if (outcome === 'failed') {
      this.metrics?.failed('webhook');
      this.logger.warn(`webhook gave up on notification ${delivery.notificationId} after ${attempt} attempt(s): ${problem}`);
    }
  }
}
