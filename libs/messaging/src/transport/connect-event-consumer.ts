import { INestApplication, INestMicroservice } from '@nestjs/common';
import { MessagingConfig } from '../messaging.config';
import { ConsumerStatus } from './consumer-status';
import { KafkaEventServer } from './kafka/kafka-event-server';
import { InMemoryEventBus } from './memory/in-memory-event-bus';
import { InMemoryTransportServer } from './memory/in-memory-transport';

/**
 * Attaches the configured transport to an app so its @EventPattern handlers receive
 * events, as consumer group `service` (Kafka: `${namespace}${service}`). Call it before `app.init()`, then
 * `await app.startAllMicroservices()` before `listen`.
 *
 * Kafka: the group reads from the beginning the first time it runs; a handler that
 * fails leaves the offset uncommitted, so the message comes again.
 *
 * The handlers do not inherit the HTTP app's global pipes and filter: EventConsumer checks each
 * event itself, and Nest would run the validation pipe on every message a consumer reads, about
 * eight promises a delivery (docs/performance-journal.md). Their controllers are @MessageController()s,
 * whose filter passes a failure on as it was thrown.
 */
export function connectEventConsumer(
  app: INestApplication,
  config: MessagingConfig,
  service: string,
  bus: InMemoryEventBus = InMemoryEventBus.instance(),
): INestMicroservice {
  const strategy = config.transport === 'kafka' ? new KafkaEventServer(config, service, app.get(ConsumerStatus, { strict: false })) : new InMemoryTransportServer(bus, service);
  return app.connectMicroservice({ strategy });
}
