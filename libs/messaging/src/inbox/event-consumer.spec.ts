import { deadLetterTopic } from '@movie/contracts';
import { eventually, HeldSeatOrm, openTestDatabase, RecordingPublisher, seatHeld, SeatHeldV1, TestDatabase } from '../testing/test-database';
import { EventConsumer } from './event-consumer';
import { EventHandlers } from './event-handlers';
import { ProcessedEventOrm } from './processed-event.orm-entity';

describe('EventConsumer', () => {
  const topic = 'movie.seat.v1';
  let db: TestDatabase;
  let publisher: RecordingPublisher;
  let consumer: EventConsumer;
  let handled: string[];
  let handlers: EventHandlers;

  beforeEach(async () => {
    db = await openTestDatabase();
    publisher = new RecordingPublisher();
    consumer = new EventConsumer(db.transactions, publisher);
    handled = [];
    handlers = {
      SeatHeld: {
        payload: SeatHeldV1,
        handle: async (event, manager) => {
          handled.push(event.id);
          await manager.insert(HeldSeatOrm, { eventId: event.id, seat: (event.payload as SeatHeldV1).seat });
        },
      },
    };
  });
  afterEach(() => db.close());

  const heldSeats = () => db.dataSource.manager.count(HeldSeatOrm);
  const inbox = () => db.dataSource.manager.find(ProcessedEventOrm);

  it('applies a valid event and records it in the inbox in the same transaction', async () => {
    const event = seatHeld();

    const outcome = await consumer.consume('ticket', topic, event, handlers);

    expect(outcome).toBe('applied');
    expect(await heldSeats()).toBe(1);
    expect(await inbox()).toEqual([expect.objectContaining({ consumer: 'ticket', eventId: event.id, topic, type: 'SeatHeld' })]);
  });

  it('hands the handler a payload built from its class', async () => {
    let payload: unknown;
    await consumer.consume('ticket', topic, seatHeld(), { SeatHeld: { payload: SeatHeldV1, handle: async (event) => (payload = event.payload) } });

    expect(payload).toBeInstanceOf(SeatHeldV1);
  });

  it('reads the message from a JSON string or a Buffer as well as an object', async () => {
    await consumer.consume('ticket', topic, JSON.stringify(seatHeld('A1')), handlers);
    await consumer.consume('ticket', topic, Buffer.from(JSON.stringify(seatHeld('A2'))), handlers);

    expect(await heldSeats()).toBe(2);
  });

  it('skips an event the consumer has already applied', async () => {
    const event = seatHeld();
    await consumer.consume('ticket', topic, event, handlers);

    const outcome = await consumer.consume('ticket', topic, event, handlers);

    expect(outcome).toBe('duplicate');
    expect(handled).toEqual([event.id]);
    expect(await heldSeats()).toBe(1);
  });

  it('applies the same event once for each consumer', async () => {
    const event = seatHeld();
    await consumer.consume('ticket', topic, event, handlers);

    const outcome = await consumer.consume('mypage', topic, event, { SeatHeld: { payload: SeatHeldV1, handle: async () => undefined } });

    expect(outcome).toBe('applied');
    expect(await inbox()).toHaveLength(2);
  });

  it('leaves deduplication to a handler that dedupes by its own key: no inbox row, and its false is a duplicate', async () => {
    const once: EventHandlers = {
      SeatHeld: {
        payload: SeatHeldV1,
        dedupes: true,
        handle: async (event, manager) => {
          if (await manager.existsBy(HeldSeatOrm, { eventId: event.id })) return false;
          await manager.insert(HeldSeatOrm, { eventId: event.id, seat: (event.payload as SeatHeldV1).seat });
          return true;
        },
      },
    };
    const event = seatHeld();

    const outcomes = [await consumer.consume('mypage', topic, event, once), await consumer.consume('mypage', topic, event, once)];

    expect(outcomes).toEqual(['applied', 'duplicate']);
    expect(await heldSeats()).toBe(1);
    expect(await inbox()).toEqual([]);
  });

  it('sends an event with an invalid payload to the dead-letter topic with the reason, and records nothing', async () => {
    const event = { ...seatHeld(), payload: { screeningId: 'screening-1', seat: 'A1', qty: 0 } };

    const outcome = await consumer.consume('ticket', topic, event, handlers);

    expect(outcome).toBe('dead-lettered');
    expect(publisher.published).toHaveLength(1);
    const [letter] = publisher.published;
    expect(letter.topic).toBe(deadLetterTopic(topic));
    expect(letter.headers).toMatchObject({ 'dead-letter-reason': expect.stringContaining('qty'), 'original-topic': topic });
    expect(JSON.parse(letter.value)).toEqual({ reason: expect.stringContaining('qty'), topic, consumer: 'ticket', original: event });
    expect(await inbox()).toEqual([]);
    expect(handled).toEqual([]);
  });

  it('sends a message that is not JSON to the dead-letter topic with the text it got', async () => {
    const outcome = await consumer.consume('ticket', topic, '{not json', handlers);

    expect(outcome).toBe('dead-lettered');
    expect(JSON.parse(publisher.published[0].value)).toMatchObject({ reason: 'message is not JSON', original: '{not json' });
  });

  it('sends a message without a valid envelope to the dead-letter topic', async () => {
    const { id: _id, ...withoutId } = seatHeld();

    const outcome = await consumer.consume('ticket', topic, withoutId, handlers);

    expect(outcome).toBe('dead-lettered');
    expect(JSON.parse(publisher.published[0].value).reason).toMatch(/^invalid envelope: id/);
  });

  it('ignores an event type the consumer does not handle', async () => {
    const event = { ...seatHeld(), type: 'SeatReleased' };

    const outcome = await consumer.consume('ticket', topic, event, handlers);

    expect(outcome).toBe('ignored');
    expect(publisher.published).toEqual([]);
    expect(await inbox()).toEqual([]);
  });

  it('rethrows when the handler fails and records nothing, so the event is applied on redelivery', async () => {
    const event = seatHeld();
    const failing: EventHandlers = {
      SeatHeld: {
        payload: SeatHeldV1,
        handle: async (received, manager) => {
          await manager.insert(HeldSeatOrm, { eventId: received.id, seat: 'A1' });
          throw new Error('screening service down');
        },
      },
    };

    await expect(consumer.consume('ticket', topic, event, failing)).rejects.toThrow('screening service down');
    expect(await inbox()).toEqual([]);
    expect(await heldSeats()).toBe(0);

    await expect(consumer.consume('ticket', topic, event, handlers)).resolves.toBe('applied');
  });

  it('fails the message when the dead letter cannot be published, so it is delivered again', async () => {
    publisher.failuresToCome = 1;

    await expect(consumer.consume('ticket', topic, 'garbage', handlers)).rejects.toThrow('broker not available');
    await eventually(() => expect(publisher.calls).toBe(1));
  });
});
