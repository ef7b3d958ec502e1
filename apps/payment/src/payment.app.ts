import { LoggerService } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connectEventConsumer } from '@movie/messaging';
import { createHttpApp, JsonLogger } from '@movie/runtime';
import { PAYMENT_CONSUMER } from './commands/refund-payment/refund-payment.message-controller';
import { PaymentConfig } from './payment.config';
import { PaymentModule } from './payment.module';

/**
 * The configured app, not yet listening, so tests and the embedded launcher can start it their way.
 * Its booking-event consumer (refunds for cancelled bookings) is attached; `startAllMicroservices()` starts it.
 */
export async function createPaymentApp(
  config: PaymentConfig,
  logger: LoggerService = new JsonLogger('payment', config.logLevel),
): Promise<NestFastifyApplication> {
  const app = await createHttpApp(PaymentModule.register(config), {
    service: 'payment',
    logger,
    docs: {
      title: 'Payments',
      description:
        'Charges a booking once (idempotent by booking id), refunds it, and voids bookings that did not stand. ' +
        `A stand-in processor declines charges above PAYMENT_MAX_AMOUNT (now ${config.maxAmount}).`,
    },
  });
  connectEventConsumer(app, config.messaging, PAYMENT_CONSUMER);
  return app;
}
