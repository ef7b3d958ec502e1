import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Notification } from '../../domain/notification';
import { ACTIVE_CHANNELS, NotificationChannel } from '../../notification.config';
import { LiveNotifications } from '../../queries/stream-notifications/live-notifications';
import { toNotificationView } from '../../queries/notification.view';
import { WebhookDispatcher } from '../deliver-webhook/webhook.dispatcher';
import { NotificationMetrics } from './notification.metrics';

/**
 * Tells committed notifications to the channels that need no outbox: a JSON log line,
 * the live streams, and a nudge to the webhook dispatcher, whose deliveries were
 * written with the notification. Only ever called after the commit.
 */
@Injectable()
export class NotificationChannels {
  private readonly logger = new Logger('Notification');

  constructor(
    @Inject(ACTIVE_CHANNELS) private readonly channels: ReadonlySet<NotificationChannel>,
    private readonly live: LiveNotifications,
    private readonly webhook: WebhookDispatcher,
    @Optional() private readonly metrics?: NotificationMetrics,
  ) {}

  announce(notifications: Notification[]): void {
    if (notifications.length === 0) return;
    for (const notification of notifications) {
      const view = toNotificationView(notification);
      if (this.channels.has('log')) this.logger.log({ msg: 'notification', ...view });
      if (this.channels.has('sse')) this.live.publish(view);
    }
    for (const channel of ['log', 'sse'] as const) if (this.channels.has(channel)) this.metrics?.sent(channel, notifications.length);
    if (this.channels.has('webhook')) this.webhook.wake();
  }
}
