import { INestApplication, INestMicroservice } from '@nestjs/common';
import { KafkaOptions, Transport } from '@nestjs/microservices';
import { MessagingConfig } from '../messaging.config';
import { InMemoryEventBus } from './memory/in-memory-event-bus';
import { InMemoryTransportServer } from './memory/in-memory-transport';

/**
 * Attaches the configured transport to an app so its @EventPattern handlers receive
 * events, as consumer group `service`. Call it before `app.init()`, then
 * `await app.startAllMicroservices()` before `listen`.
 *
 * Kafka: Nest's ServerKafka (11.x) awaits an event handler, and a handler that fails
 * makes kafkajs' eachMessage reject, so the offset is not committed and the message
 * comes again. The group reads from the beginning the first time it runs.
 */
export function connectEventConsumer(
  app: INestApplication,
  config: MessagingConfig,
  service: string,
  bus: InMemoryEventBus = InMemoryEventBus.instance(),
): INestMicroservice {
  if (config.transport === 'memory') {
    return app.connectMicroservice({ strategy: new InMemoryTransportServer(bus, service) }, { inheritAppConfig: true });
  }
  return app.connectMicroservice<KafkaOptions>(kafkaConsumerOptions(config, service), { inheritAppConfig: true });
}

export function kafkaConsumerOptions(config: MessagingConfig, service: string): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      client: { clientId: `${config.clientId}-consumer`, brokers: config.brokers },
      consumer: { groupId: service, allowAutoTopicCreation: true },
      subscribe: { fromBeginning: true },
      // No "-server" suffix: the group id is the service name operators see.
      postfixId: '',
      run: { partitionsConsumedConcurrently: Math.max(1, config.partitions) },
    },
  };
}
