import { Injectable, Optional } from '@nestjs/common';
import { Metrics } from '@movie/runtime';

/**
 * Notifications told to each channel, and the ones a channel gave up on (a webhook out of
 * attempts or refused for good). A webhook attempt that will be retried is neither.
 */
@Injectable()
export class NotificationMetrics {
  constructor(@Optional() private readonly metrics?: Metrics) {}

  sent(channel: string, count = 1): void {
    this.metrics
      ?.counter({ name: 'notifications_sent_total', help: 'Notifications told to a channel (log, sse) or delivered (webhook)', labelNames: ['channel'] as const })
      .inc({ channel }, count);
  }

  failed(channel: string): void {
    this.metrics
      ?.counter({ name: 'notifications_failed_total', help: 'Notifications a channel gave up on', labelNames: ['channel'] as const })
      .inc({ channel });
  }
}
