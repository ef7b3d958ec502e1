import { LoggerService } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connectEventConsumer } from '@movie/messaging';
import { createHttpApp, JsonLogger } from '@movie/runtime';
import { TicketConfig } from './ticket.config';
import { TicketModule } from './ticket.module';

/**
 * The configured app, not yet listening, so tests and the embedded launcher can start it their way.
 * Its booking-event consumer is attached; `startAllMicroservices()` starts it.
 */
export async function createTicketApp(
  config: TicketConfig,
  logger: LoggerService = new JsonLogger('ticket', config.logLevel),
): Promise<NestFastifyApplication> {
  const app = await createHttpApp(TicketModule.register(config), {
    service: 'ticket',
    logger,
    docs: { title: 'Tickets', description: 'Tickets issued for confirmed bookings, printed at the cinema or voided on cancellation.' },
  });
  connectEventConsumer(app, config.messaging, 'ticket');
  return app;
}
