import { DataSource, EntityManager } from 'typeorm';
import { openDataSource, TransactionRunner } from '@movie/persistence';
import { SeatAlreadyTaken } from '../domain/book.errors';
import { SeatReservationOrm } from './seat-reservation.orm-entity';
import { seatRows } from './seat-rows';
import { SeatTaker } from './seat-taker';

describe('SeatTaker on SQLite', () => {
  const screeningId = 'soul-1';
  const past = new Date(Date.now() - 60_000).toISOString();
  const future = new Date(Date.now() + 60_000).toISOString();
  let dataSource: DataSource;
  let transactions: TransactionRunner;
  let taker: SeatTaker;
  let attempts: number;

  /** The insert a booking runs, counting its attempts. */
  const book = (bookingId: string, seats: string[]) => {
    const insert = async (manager: EntityManager) => {
      attempts += 1;
      await seatRows.take(manager, screeningId, seats, { bookingId });
    };
    return taker.take({ screeningId, seats }, insert);
  };
  const hold = (holdId: string, seat: string, expiresAt: string) => dataSource.manager.insert(SeatReservationOrm, { screeningId, seat, bookingId: null, holdId, expiresAt });
  const owners = async () => (await dataSource.manager.find(SeatReservationOrm, { order: { seat: 'ASC' } })).map((row) => `${row.seat}:${row.bookingId ?? row.holdId}`);

  beforeEach(async () => {
    dataSource = await openDataSource({ url: 'sqlite::memory:', entities: [SeatReservationOrm] });
    transactions = new TransactionRunner(dataSource);
    taker = new SeatTaker(transactions);
    attempts = 0;
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await dataSource.destroy();
  });

  it('refuses seats that are sold or held by a live hold, naming only those, after a single insert', async () => {
    await book('b-1', ['1A']);
    await hold('h-1', '1B', future);
    attempts = 0;

    const refused = await book('b-2', ['1A', '1B', '1C']).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(SeatAlreadyTaken);
    expect((refused as SeatAlreadyTaken).seats).toEqual(['1A', '1B']);
    expect(attempts).toBe(1);
    expect(await owners()).toEqual(['1A:b-1', '1B:h-1']);
  });

  it('takes a seat whose hold expired but was not yet swept', async () => {
    await hold('h-1', '1B', past);

    await book('b-1', ['1B']);

    expect(attempts).toBe(2);
    expect(await owners()).toEqual(['1B:b-1']);
  });

  it('takes a seat whose expired hold the sweeper deleted between the failed insert and the look at who has it', async () => {
    // The interleaving CI caught. The first insert met the expired hold's row and failed; the
    // sweeper has deleted that row since, so the database now holds nothing for the seat.
    const insert = async (manager: EntityManager) => {
      attempts += 1;
      if (attempts === 1) throw new SeatAlreadyTaken(['1B']);
      await seatRows.take(manager, screeningId, ['1B'], { bookingId: 'b-1' });
    };

    await taker.take({ screeningId, seats: ['1B'] }, insert);

    expect(attempts).toBe(2);
    expect(await owners()).toEqual(['1B:b-1']);
  });

  it('refuses the seat, naming it, when a rival books it while the expired hold is cleared', async () => {
    await hold('h-1', '1B', past);
    const insert = async (manager: EntityManager) => {
      attempts += 1;
      // Queued behind this transaction, so the rival commits before the taker's second try.
      if (attempts === 1) {
        void transactions.run(async (rivals) => {
          await seatRows.freeExpired(rivals, new Date());
          await seatRows.take(rivals, screeningId, ['1B'], { bookingId: 'rival' });
        });
      }
      await seatRows.take(manager, screeningId, ['1B'], { bookingId: 'b-1' });
    };

    const refused = await taker.take({ screeningId, seats: ['1B'] }, insert).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(SeatAlreadyTaken);
    expect((refused as SeatAlreadyTaken).seats).toEqual(['1B']);
    expect(await owners()).toEqual(['1B:rival']);
  });

  it('names only committed seats while another booking holds its transaction open', async () => {
    await book('b-1', ['1A']);
    let rivalInserted!: () => void;
    const inserted = new Promise<void>((resolve) => (rivalInserted = resolve));
    // The look at who has the seats waits until the rival's row is written but not committed.
    const taken = seatRows.taken.bind(seatRows);
    jest.spyOn(seatRows, 'taken').mockImplementation(async (...args) => {
      await inserted;
      return taken(...args);
    });
    const insert = async (manager: EntityManager) => {
      attempts += 1;
      // Queued behind this transaction: it takes 1B, waits, then fails and rolls back.
      void transactions.run(async (rival) => {
        await seatRows.take(rival, screeningId, ['1B'], { bookingId: 'rival' });
        rivalInserted();
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw new Error('the rival payment failed');
      }).catch(() => undefined);
      await seatRows.take(manager, screeningId, ['1A', '1B'], { bookingId: 'b-2' });
    };

    const refused = await taker.take({ screeningId, seats: ['1A', '1B'] }, insert).catch((error: unknown) => error);

    expect(refused).toBeInstanceOf(SeatAlreadyTaken);
    expect((refused as SeatAlreadyTaken).seats).toEqual(['1A']);
    expect(await owners()).toEqual(['1A:b-1']);
  });
});
