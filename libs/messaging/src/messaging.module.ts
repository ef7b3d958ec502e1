import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { MessagingHealth } from './health/messaging-health';
import { EventConsumer } from './inbox/event-consumer';
import { MessagingConfig } from './messaging.config';
import { MESSAGING_CONFIG } from './messaging.tokens';
import { Outbox } from './outbox/outbox';
import { OutboxRelay } from './outbox/outbox-relay';
import { EventLog } from './replay/event-log';
import { EventReplayer } from './replay/event-replayer';
import { HistoryPruner } from './retention/history-pruner';
import { InMemoryEventLog } from './replay/in-memory-event-log';
import { KafkaEventLog } from './replay/kafka-event-log';
import { ConsumerLagReader } from './transport/consumer-lag';
import { ConsumerStatus } from './transport/consumer-status';
import { EventPublisher } from './transport/event-publisher';
import { InstanceFanout, SingleInstanceFanout } from './transport/instance-fanout';
import { KafkaConsumerLag } from './transport/kafka/kafka-consumer-lag';
import { KafkaEventPublisher } from './transport/kafka/kafka-event-publisher';
import { KafkaInstanceFanout } from './transport/kafka/kafka-instance-fanout';
import { InMemoryConsumerLag } from './transport/memory/in-memory-consumer-lag';
import { InMemoryEventBus } from './transport/memory/in-memory-event-bus';
import { InMemoryEventPublisher } from './transport/memory/in-memory-event-publisher';

export interface MessagingModuleOptions {
  /** The service name: Kafka client id and (after the namespace) consumer group. */
  service: string;
  config: MessagingConfig;
  /** Memory transport only: the bus to use; the process-wide one unless a test brings its own. */
  bus?: InMemoryEventBus;
}

function transportProviders({ config, bus = InMemoryEventBus.instance() }: MessagingModuleOptions): Provider[] {
  if (config.transport === 'kafka') {
    return [
      { provide: EventPublisher, useFactory: () => new KafkaEventPublisher(config) },
      { provide: EventLog, useFactory: () => new KafkaEventLog(config) },
      { provide: ConsumerLagReader, useFactory: () => new KafkaConsumerLag(config) },
      { provide: InstanceFanout, useFactory: () => new KafkaInstanceFanout(config) },
    ];
  }
  // No namespace here: the bus lives and dies with one process, so nothing else can share it.
  return [
    { provide: InMemoryEventBus, useValue: bus },
    { provide: EventPublisher, useFactory: () => new InMemoryEventPublisher(bus) },
    { provide: EventLog, useFactory: () => new InMemoryEventLog(bus) },
    { provide: ConsumerLagReader, useFactory: () => new InMemoryConsumerLag(bus) },
    { provide: InstanceFanout, useClass: SingleInstanceFanout },
  ];
}

/**
 * The app's messaging: outbox and relay on the producer side, the idempotent consumer and
 * the replayer on the consumer side, over the configured transport. Needs the app's
 * PersistenceModule (DataSource and TransactionRunner) and `messagingEntities` among its entities.
 */
@Global()
@Module({})
export class MessagingModule {
  static register(options: MessagingModuleOptions): DynamicModule {
    const config = { ...options.config, clientId: options.config.clientId || options.service };
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_CONFIG, useValue: config },
        ...transportProviders({ ...options, config }),
        Outbox,
        OutboxRelay,
        HistoryPruner,
        EventConsumer,
        EventReplayer,
        MessagingHealth,
        ConsumerStatus,
      ],
      exports: [
        MESSAGING_CONFIG, Outbox, OutboxRelay, EventPublisher, EventConsumer, EventReplayer, MessagingHealth, ConsumerStatus, InstanceFanout,
      ],
    };
  }
}
