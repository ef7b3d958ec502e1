import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { context, propagation, trace } from '@opentelemetry/api';
import { loadTracingConfig, startTracing, traceConsumedMessage } from '@movie/runtime';
import { HeldSeatOrm, openTestDatabase, RecordingPublisher, seatHeld, SeatHeldV1, TestDatabase } from '../testing/test-database';
import { ConsumerBatch } from './consumer-batch';
import { ConsumeOutcome, EventConsumer } from './event-consumer';
import { EventHandlers } from './event-handlers';

describe('ConsumerBatch', () => {
  const topic = 'movie.seat.v1';
  let db: TestDatabase;
  let consumer: EventConsumer;
  let publisher: RecordingPublisher;
  let applied: string[];
  let transactions: number;

  const handlers = (options: { failOn?: string } = {}): EventHandlers => ({
    SeatHeld: {
      payload: SeatHeldV1,
      handle: async (event, manager) => {
        const { seat } = event.payload as SeatHeldV1;
        if (seat === options.failOn) throw new Error(`seat ${seat} is broken`);
        applied.push(seat);
        await manager.insert(HeldSeatOrm, { eventId: event.id, seat });
      },
    },
  });
  const seatsInDatabase = async () => (await db.dataSource.manager.find(HeldSeatOrm)).map((row) => row.seat).sort();

  beforeEach(async () => {
    db = await openTestDatabase();
    publisher = new RecordingPublisher();
    consumer = new EventConsumer(db.transactions, publisher);
    applied = [];
    transactions = 0;
    const run = db.transactions.run.bind(db.transactions);
    jest.spyOn(db.transactions, 'run').mockImplementation((work) => {
      transactions++;
      return run(work);
    });
  });
  afterEach(() => db.close());

  it('applies the messages delivered together in one transaction, and each consumer learns its outcome after the commit', async () => {
    const outcomes: ConsumeOutcome[] = [];
    const events = ['A1', 'A2', 'A3'].map((seat) => seatHeld(seat));

    await ConsumerBatch.deliver(events.map((event) => async () => {
      outcomes.push(await consumer.consume('ticket', topic, event, handlers()));
    }));

    expect(transactions).toBe(1);
    expect(outcomes).toEqual(['applied', 'applied', 'applied']);
    expect(await seatsInDatabase()).toEqual(['A1', 'A2', 'A3']);
  });

  it('applies a batch in one transaction also when each message is handled in a trace of its own', async () => {
    // The transports handle each message in its producer's trace; taking that trace from the
    // headers must not drop the batch the message came in (the context is shared, docs/performance-journal.md).
    const tracing = startTracing({ ...loadTracingConfig({}), exporter: 'none' });
    try {
      const headers = { traceparent: `00-${'1'.repeat(32)}-${'2'.repeat(16)}-01` };
      const traced = (seat: string) => () =>
        traceConsumedMessage('ticket', topic, headers, () => consumer.consume('ticket', topic, seatHeld(seat), handlers()));

      await ConsumerBatch.deliver(['A1', 'A2', 'A3'].map(traced));

      expect(transactions).toBe(1);
      expect(await seatsInDatabase()).toEqual(['A1', 'A2', 'A3']);
    } finally {
      await tracing.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    }
  });

  it('applies the work in delivery order, whichever message reaches its transaction first', async () => {
    const events = ['A1', 'A2', 'A3'].map((seat) => seatHeld(seat));
    const delays = [30, 0, 10];

    await ConsumerBatch.deliver(events.map((event, index) => async () => {
      await sleep(delays[index]);
      await consumer.consume('ticket', topic, event, handlers());
    }));

    expect(applied).toEqual(['A1', 'A2', 'A3']);
  });

  it('does not wait for a message that needs no transaction', async () => {
    const outcomes: ConsumeOutcome[] = [];

    await ConsumerBatch.deliver([
      async () => void outcomes.push(await consumer.consume('ticket', topic, seatHeld('A1'), handlers())),
      async () => void outcomes.push(await consumer.consume('ticket', topic, { ...seatHeld('A2'), type: 'SeatSold' }, handlers())),
    ]);

    expect(outcomes.sort()).toEqual(['applied', 'ignored']);
    expect(transactions).toBe(1);
  });

  it('commits nothing when one message fails, and fails every delivery so all come again', async () => {
    const results: string[] = [];
    const events = ['A1', 'B2', 'A3'].map((seat) => seatHeld(seat));

    const delivered = ConsumerBatch.deliver(events.map((event) => async () => {
      try {
        await consumer.consume('ticket', topic, event, handlers({ failOn: 'B2' }));
        results.push('ok');
      } catch (error) {
        results.push((error as Error).message);
        throw error;
      }
    }));

    await expect(delivered).rejects.toThrow('seat B2 is broken');
    expect(results).toEqual(['seat B2 is broken', 'seat B2 is broken', 'seat B2 is broken']);
    expect(await seatsInDatabase()).toEqual([]);
  });

  it('sends a message that cannot be read to the dead-letter topic once, after the batch commits, though a failed batch comes again', async () => {
    const messages = [seatHeld('A1'), 'not JSON', seatHeld('B2')];
    const deliverAll = (failOn?: string) =>
      ConsumerBatch.deliver(messages.map((message) => () => consumer.consume('ticket', topic, message, handlers({ failOn }))));

    await expect(deliverAll('B2')).rejects.toThrow('seat B2 is broken');
    expect(publisher.published).toHaveLength(0);
    // The transport delivers them again one at a time; B2 is mended by then.
    for (const message of messages) await consumer.consume('ticket', topic, message, handlers());

    expect(publisher.published.map((letter) => letter.topic)).toEqual([`${topic}.DLT`]);
    expect(await seatsInDatabase()).toEqual(['A1', 'B2']);
  });

  it('sends the dead letters of a batch that commits, and of one that has no other work', async () => {
    await ConsumerBatch.deliver([seatHeld('A1'), 'not JSON'].map((message) => () => consumer.consume('ticket', topic, message, handlers())));
    expect(publisher.published).toHaveLength(1);
    expect(transactions).toBe(1);

    await ConsumerBatch.deliver(['not JSON', '{}'].map((message) => () => consumer.consume('ticket', topic, message, handlers())));
    expect(publisher.published).toHaveLength(3);
    expect(transactions).toBe(1);
  });

  it('runs each message’s work in that message’s own async context', async () => {
    const message = new AsyncLocalStorage<string>();
    const seen: Array<[string, string | undefined]> = [];
    const tracking: EventHandlers = {
      SeatHeld: { payload: SeatHeldV1, handle: async (event) => void seen.push([(event.payload as SeatHeldV1).seat, message.getStore()]) },
    };

    await ConsumerBatch.deliver(['A1', 'A2'].map((seat) => () =>
      message.run(`message ${seat}`, () => consumer.consume('ticket', topic, seatHeld(seat), tracking)),
    ));

    expect(seen).toEqual([['A1', 'message A1'], ['A2', 'message A2']]);
  });

  it('gives a second transaction of the same delivery one of its own', async () => {
    await ConsumerBatch.deliver([
      async () => {
        await consumer.consume('ticket', topic, seatHeld('A1'), handlers());
        await consumer.consume('ticket', topic, seatHeld('A2'), handlers());
      },
      () => consumer.consume('ticket', topic, seatHeld('A3'), handlers()),
    ]);

    expect(transactions).toBe(2);
    expect(await seatsInDatabase()).toEqual(['A1', 'A2', 'A3']);
  });

  it('gives a consumer of another database a transaction of its own there, and the others the batch\'s', async () => {
    const other = await openTestDatabase();
    try {
      const elsewhere = new EventConsumer(other.transactions, new RecordingPublisher());

      await ConsumerBatch.deliver([
        () => consumer.consume('ticket', topic, seatHeld('A1'), handlers()),
        () => elsewhere.consume('ticket', topic, seatHeld('B1'), handlers()),
        () => consumer.consume('ticket', topic, seatHeld('A2'), handlers()),
      ]);

      expect(transactions).toBe(1);
      expect(await seatsInDatabase()).toEqual(['A1', 'A2']);
      expect((await other.dataSource.manager.find(HeldSeatOrm)).map((row) => row.seat)).toEqual(['B1']);
    } finally {
      await other.close();
    }
  });

  it('outside a batch, runs each consumer in its own transaction', async () => {
    await Promise.all(['A1', 'A2'].map((seat) => consumer.consume('ticket', topic, seatHeld(seat), handlers())));

    expect(transactions).toBe(2);
  });
});
