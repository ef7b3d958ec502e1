import { DynamicModule, Inject, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource, EntityManager } from 'typeorm';
import { EventEnvelope } from '@movie/contracts';
import { PersistenceModule, TransactionRunner } from '@movie/persistence';
import { EventConsumer } from '../inbox/event-consumer';
import { MessagingConfig } from '../messaging.config';
import { messagingEntities } from '../messaging.entities';
import { MessagingModule } from '../messaging.module';
import { Outbox } from '../outbox/outbox';
import { connectEventConsumer } from '../transport/connect-event-consumer';
import { MessageController } from '../transport/message-controller';
import { InMemoryEventBus } from '../transport/memory/in-memory-event-bus';
import { HeldSeatOrm, SeatHeldV1, seatHeld } from './test-database';

/** Seats whose handler fails that many more times, as a downstream outage would make it. */
export const failingSeats = new Map<string, number>();

export const seatHandlers = {
  SeatHeld: {
    payload: SeatHeldV1,
    handle: async (event: EventEnvelope<string, SeatHeldV1>, manager: EntityManager) => {
      await manager.insert(HeldSeatOrm, { eventId: event.id, seat: event.payload.seat });
      const failures = failingSeats.get(event.payload.seat) ?? 0;
      if (failures > 0) {
        failingSeats.set(event.payload.seat, failures - 1);
        throw new Error(`seat ${event.payload.seat} cannot be held right now`);
      }
    },
  },
};

/** A message controller for one topic, as an app would write it; built per test so topics can be unique. */
function seatsMessageController(topic: string, service: string) {
  @MessageController()
  class SeatsMessageController {
    constructor(@Inject(EventConsumer) private readonly consumer: EventConsumer) {}

    @EventPattern(topic)
    onSeatEvent(@Payload() message: unknown) {
      return this.consumer.consume(service, topic, message, seatHandlers);
    }
  }
  return SeatsMessageController;
}

@Module({})
class SeatAppModule {
  static register(options: SeatAppOptions): DynamicModule {
    return {
      module: SeatAppModule,
      imports: [
        PersistenceModule.forRoot({ url: 'sqlite::memory:', entities: [...messagingEntities, HeldSeatOrm] }),
        MessagingModule.register({ service: options.service, config: options.config, bus: options.bus }),
      ],
      controllers: [seatsMessageController(options.topic, options.service)],
    };
  }
}

export interface SeatAppOptions {
  service: string;
  topic: string;
  config: MessagingConfig;
  bus?: InMemoryEventBus;
}

/** A small app that both records SeatHeld events in its outbox and consumes them from the topic. */
export class SeatApp {
  private constructor(
    readonly app: NestFastifyApplication,
    private readonly topic: string,
  ) {}

  static async start(options: SeatAppOptions): Promise<SeatApp> {
    const app = await NestFactory.create<NestFastifyApplication>(SeatAppModule.register(options), new FastifyAdapter(), { logger: ['error'] });
    try {
      connectEventConsumer(app, options.config, options.service, options.bus);
      await app.startAllMicroservices();
      await app.init();
      return new SeatApp(app, options.topic);
    } catch (error) {
      await app.close();
      throw error;
    }
  }

  /** Records a SeatHeld in the outbox, in a transaction, as a use case would. */
  async holdSeat(seat: string, key = `booking-${seat}`) {
    const event = seatHeld(seat, key);
    const outbox = this.app.get(Outbox);
    await this.app.get(TransactionRunner).run((manager) => outbox.append(manager, this.topic, event));
    outbox.notifyCommitted();
    return event;
  }

  heldSeats(): Promise<HeldSeatOrm[]> {
    return this.app.get(DataSource).manager.find(HeldSeatOrm);
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
