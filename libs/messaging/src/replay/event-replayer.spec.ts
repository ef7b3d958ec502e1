import { HeldSeatOrm, openTestDatabase, seatHeld, TestDatabase } from '../testing/test-database';
import { seatHandlers } from '../testing/seat-app';
import { EventLog, LogVisitor } from './event-log';
import { EventReplayer } from './event-replayer';

/** A topic log held in an array, read in order. */
class ArrayLog extends EventLog {
  constructor(private readonly messages: unknown[]) {
    super();
  }

  async readFromBeginning(topics: readonly string[], visit: LogVisitor): Promise<void> {
    for (const message of this.messages) await visit(topics[0], message);
  }
}

describe('EventReplayer', () => {
  const topic = 'movie.seat.v1';
  let db: TestDatabase;

  beforeEach(async () => {
    db = await openTestDatabase();
  });
  afterEach(() => db.close());

  const replay = (messages: unknown[]) => new EventReplayer(new ArrayLog(messages), db.transactions).replay('seats', [topic], seatHandlers);
  const seats = async () => (await db.dataSource.manager.find(HeldSeatOrm)).map((row) => row.seat).sort();

  it('applies every event of the log and says how many', async () => {
    await expect(replay([seatHeld('A1'), seatHeld('A2')])).resolves.toBe(2);

    expect(await seats()).toEqual(['A1', 'A2']);
  });

  it('applies an event the log carries twice only once', async () => {
    const event = seatHeld('A1');

    await expect(replay([event, event])).resolves.toBe(1);
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
});
