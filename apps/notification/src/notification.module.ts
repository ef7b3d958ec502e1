import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MessagingHealth, MessagingModule, messagingReadiness } from '@movie/messaging';
import { PersistenceModule, readinessOfDatabase } from '@movie/persistence';
import { HealthModule } from '@movie/runtime';
import { WEBHOOK_SETTINGS, WebhookDispatcher } from './commands/deliver-webhook/webhook.dispatcher';
import { WebhookSender } from './commands/deliver-webhook/webhook.sender';
import { NotificationChannels } from './commands/notify-customer/notification-channels';
import { NotificationMetrics } from './commands/notify-customer/notification.metrics';
import { NotificationEventHandlers } from './commands/notify-customer/notification-event-handlers';
import { NotifyCustomerMessageController } from './commands/notify-customer/notify-customer.message-controller';
import { NotifyCustomerService, WEBHOOK_TARGET } from './commands/notify-customer/notify-customer.service';
import { notificationSchema } from './database/notification.schema';
import { NotificationDatabaseModule } from './database/notification-database.module';
import { WebhookDeliveryRepository } from './database/webhook-delivery.repository';
import { ACTIVE_CHANNELS, NotificationConfig } from './notification.config';
import { FindNotificationsHttpController } from './queries/find-notifications/find-notifications.http.controller';
import { LiveNotifications } from './queries/stream-notifications/live-notifications';
import {
  SSE_HEARTBEAT_MS, StreamNotificationsHttpController,
} from './queries/stream-notifications/stream-notifications.http.controller';

/** Tells customers about every status change of their bookings: log, webhook and live stream. */
@Module({})
export class NotificationModule {
  static register(config: NotificationConfig): DynamicModule {
    const channels = new Set(config.channels);
    // The webhook channel needs somewhere to POST to.
    const webhookUrl = channels.has('webhook') ? config.webhook.url : undefined;
    if (!webhookUrl) channels.delete('webhook');
    return {
      module: NotificationModule,
      imports: [
        PersistenceModule.forRoot({ url: config.databaseUrl, ...notificationSchema }),
        MessagingModule.register({ service: 'notification', config: config.messaging }),
        NotificationDatabaseModule,
        HealthModule.register({
          imports: [NotificationDatabaseModule],
          inject: [DataSource, MessagingHealth, WebhookDeliveryRepository],
          checks: (dataSource: DataSource, messaging: MessagingHealth, deliveries: WebhookDeliveryRepository) => [
            readinessOfDatabase(dataSource),
            messagingReadiness(messaging),
            // Information only: a webhook that is down delays its deliveries, nothing else.
            { name: 'webhook', critical: false, check: async () => ({ enabled: channels.has('webhook'), ...(await deliveries.backlog()) }) },
          ],
        }),
      ],
      controllers: [
        NotifyCustomerMessageController,
        FindNotificationsHttpController,
        ...(channels.has('sse') ? [StreamNotificationsHttpController] : []),
      ],
      providers: [
        NotifyCustomerService,
        NotificationEventHandlers,
        NotificationChannels,
        NotificationMetrics,
        LiveNotifications,
        WebhookSender,
        WebhookDispatcher,
        { provide: ACTIVE_CHANNELS, useValue: channels },
        { provide: WEBHOOK_TARGET, useValue: webhookUrl },
        { provide: WEBHOOK_SETTINGS, useValue: config.webhook },
        { provide: SSE_HEARTBEAT_MS, useValue: config.sseHeartbeatMs },
      ],
    };
  }
}
