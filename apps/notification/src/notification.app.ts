import { LoggerService } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connectEventConsumer } from '@movie/messaging';
import { createHttpApp, JsonLogger } from '@movie/runtime';
import { NOTIFICATION_CONSUMER } from './commands/notify-customer/notify-customer.message-controller';
import { NotificationConfig } from './notification.config';
import { NotificationModule } from './notification.module';

/** The configured app, not yet listening, so tests and the embedded launcher can start it their way. */
export async function createNotificationApp(
  config: NotificationConfig,
  logger: LoggerService = new JsonLogger('notification', config.logLevel),
): Promise<NestFastifyApplication> {
  const app = await createHttpApp(NotificationModule.register(config), {
    service: 'notification',
    logger,
    docs: { title: 'Notifications', description: 'Tells customers about every change of their bookings: log, webhook and live push.' },
  });
  connectEventConsumer(app, config.messaging, NOTIFICATION_CONSUMER);
  return app;
}
