import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { deadLetterTopic } from '@movie/contracts';
import { messagingReadiness, MessagingHealth } from './health/messaging-health';
import { ProcessedEventOrm } from './inbox/processed-event.orm-entity';
import { MessagingConfig } from './messaging.config';
import { EventReplayer } from './replay/event-replayer';
import { HeldSeatOrm, eventually } from './testing/test-database';
import { failingSeats, SeatApp, seatHandlers } from './testing/seat-app';
import { EventPublisher } from './transport/event-publisher';
import { InMemoryEventBus } from './transport/memory/in-memory-event-bus';

describe('MessagingModule on the in-memory transport', () => {
  const topic = 'movie.seat.v1';
  const config: MessagingConfig = { transport: 'memory', brokers: [], clientId: 'seats', pollMs: 50, lingerMs: 0, partitions: 3, namespace: '', outboxRetentionHours: 168, inboxRetentionHours: 336 };
  let bus: InMemoryEventBus;
  let seats: SeatApp;

  beforeEach(async () => {
    bus = new InMemoryEventBus();
    seats = await SeatApp.start({ service: 'seats', topic, config, bus });
  });
  afterEach(() => seats.close());

  it('carries an event from the outbox through the relay and the bus to the @EventPattern handler', async () => {
    const event = await seats.holdSeat('A1');

    await eventually(async () => expect(await seats.heldSeats()).toEqual([expect.objectContaining({ eventId: event.id, seat: 'A1' })]));
  });

  it('applies an event once when the transport delivers it twice', async () => {
    const event = await seats.holdSeat('A1');
    await eventually(async () => expect(await seats.heldSeats()).toHaveLength(1));

    await seats.app.get(EventPublisher).publish([{ topic, key: event.key, value: JSON.stringify(event) }]);

    await eventually(() => expect(bus.position('seats', topic)).toBe(2));
    expect(await seats.heldSeats()).toHaveLength(1);
  });

  it('delivers an event again until its handler succeeds, and applies it once', async () => {
    failingSeats.set('B1', 2);

    const event = await seats.holdSeat('B1');

    await eventually(async () => expect(await seats.heldSeats()).toEqual([expect.objectContaining({ eventId: event.id })]));
    expect(failingSeats.get('B1')).toBe(0);
  });

  it('logs the error the handler threw at each retry', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    failingSeats.set('B2', 1);

    await seats.holdSeat('B2');

    await eventually(async () => expect(await seats.heldSeats()).toHaveLength(1));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('retrying: seat B2 cannot be held right now'));
    warn.mockRestore();
  });

  it('moves a malformed message to the dead-letter topic and goes on with the next one', async () => {
    await seats.app.get(EventPublisher).publish([{ topic, key: 'x', value: '{"type":"SeatHeld"' }]);
    await seats.holdSeat('A2');

    await eventually(async () => expect(await seats.heldSeats()).toHaveLength(1));
    expect(bus.read(deadLetterTopic(topic)).map((message) => JSON.parse(message.value))).toEqual([
      { reason: 'message is not JSON', topic, consumer: 'seats', original: '{"type":"SeatHeld"' },
    ]);
  });

  it('reports the transport and the outbox backlog as readiness', async () => {
    const readiness = messagingReadiness(seats.app.get(MessagingHealth));

    await expect(readiness.check()).resolves.toMatchObject({ transport: 'memory', outboxBacklog: 0 });
    expect(readiness).toMatchObject({ name: 'messaging', critical: false });
  });

  it('replays the topic from its beginning into an emptied read model, past the inbox', async () => {
    await seats.holdSeat('A1');
    await seats.holdSeat('A2');
    await eventually(async () => expect(await seats.heldSeats()).toHaveLength(2));
    const dataSource = seats.app.get(DataSource);
    await dataSource.manager.clear(HeldSeatOrm);

    const replayed = await seats.app.get(EventReplayer).replay('seats', [topic], seatHandlers);

    expect(replayed).toBe(2);
    expect((await seats.heldSeats()).map((seat) => seat.seat).sort()).toEqual(['A1', 'A2']);
    expect(await dataSource.manager.count(ProcessedEventOrm)).toBe(2);
  });
});
