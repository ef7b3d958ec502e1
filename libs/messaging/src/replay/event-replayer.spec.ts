import { setTimeout as sleep } from 'node:timers/promises';
import { EntityManager } from 'typeorm';
import { EventEnvelope } from '@movie/contracts';
import { TransactionRunner } from '@movie/persistence';
import { HeldSeatOrm, openTestDatabase, seatHeld, SeatHeldV1, TestDatabase } from '../testing/test-database';
import { failingSeats, seatHandlers } from '../testing/seat-app';
import { EventLog, LogVisitor } from './event-log';
import { EventReplayer, ReplayOptions } from './event-replayer';

/** A topic log held in an array, handed over in runs of `runSize` messages, as Kafka hands over fetched batches. */
class ArrayLog extends EventLog {
  constructor(
    private readonly messages: unknown[],
    private readonly runSize = messages.length,
  ) {
    super();
  }

  async readFromBeginning(topics: readonly string[], visit: LogVisitor): Promise<void> {
    for (let first = 0; first < this.messages.length; first += this.runSize) {
      await visit(topics[0], this.messages.slice(first, first + this.runSize));
    }
  }
}

describe('EventReplayer', () => {
  const topic = 'movie.seat.v1';
  let db: TestDatabase;

  beforeEach(async () => {
    db = await openTestDatabase();
  });
  afterEach(async () => {
    failingSeats.clear();
    await db.close();
  });

  const replay = (messages: unknown[], options?: ReplayOptions, runSize?: number) =>
    new EventReplayer(new ArrayLog(messages, runSize), db.transactions).replay('seats', [topic], seatHandlers, options);
  const seats = async () => (await db.dataSource.manager.find(HeldSeatOrm)).map((row) => row.seat).sort();

  it('applies every event of the log and says how many', async () => {
    await expect(replay([seatHeld('A1'), seatHeld('A2')])).resolves.toBe(2);

    expect(await seats()).toEqual(['A1', 'A2']);
  });

  it('applies an event the log carries twice only once, also in different runs', async () => {
    const event = seatHeld('A1');

    await expect(replay([event, seatHeld('A2'), event], {}, 2)).resolves.toBe(2);
  });

  it('skips messages it cannot read and events it has no handler for', async () => {
    await expect(replay(['{broken', { ...seatHeld('A1'), type: 'SeatReleased' }, seatHeld('A2')])).resolves.toBe(1);

    expect(await seats()).toEqual(['A2']);
  });

  it('stops with the handler error when an event cannot be applied', async () => {
    const event = seatHeld('A1');
    await db.dataSource.manager.insert(HeldSeatOrm, { eventId: event.id, seat: 'A1' });

    await expect(replay([event])).rejects.toThrow('UNIQUE');
  });

  it('keeps the batches committed before a failing one and nothing of the failing one', async () => {
    failingSeats.set('A4', 1);
    const log = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6'].map((seat) => seatHeld(seat, 'booking-1'));

    await expect(replay(log, { eventsPerTransaction: 2, lanes: 1 })).rejects.toThrow('seat A4 cannot be held right now');

    expect(await seats()).toEqual(['A1', 'A2']);
  });

  it('applies each key\'s events in the log\'s order across runs, batches and lanes', async () => {
    const keys = ['booking-1', 'booking-2', 'booking-3', 'booking-4', 'booking-5'];
    const log = Array.from({ length: 60 }, (_, index) => seatHeld(`S${index}`, keys[index % keys.length]));
    const appliedByKey = new Map<string, string[]>();
    // Transactions that really overlap and handlers that take uneven time, so only the lanes keep the order.
    const overlapping = { run: (work: (manager: EntityManager) => Promise<unknown>) => work({} as EntityManager) } as TransactionRunner;
    const recording = {
      SeatHeld: {
        payload: SeatHeldV1,
        handle: async (event: EventEnvelope<string, SeatHeldV1>) => {
          await sleep((event.payload.seat.length * 7 + Number(event.payload.seat.slice(1))) % 5);
          appliedByKey.set(event.key, [...(appliedByKey.get(event.key) ?? []), event.payload.seat]);
        },
      },
    };

    await new EventReplayer(new ArrayLog(log, 25), overlapping).replay('seats', [topic], recording, { eventsPerTransaction: 3, lanes: 3 });

    for (const key of keys) {
      expect(appliedByKey.get(key)).toEqual(log.filter((event) => event.key === key).map((event) => event.payload.seat));
    }
  });

  it('runs a batch again when the database chose it as a deadlock victim', async () => {
    let deadlocks = 1;
    const deadlocking = {
      run: (work: (manager: EntityManager) => Promise<unknown>) => {
        if (deadlocks-- > 0) return Promise.reject(Object.assign(new Error('Deadlock found'), { code: 'ER_LOCK_DEADLOCK' }));
        return db.transactions.run(work);
      },
    } as TransactionRunner;

    await expect(new EventReplayer(new ArrayLog([seatHeld('A1')]), deadlocking).replay('seats', [topic], seatHandlers)).resolves.toBe(1);

    expect(await seats()).toEqual(['A1']);
  });
});
