import { randomUUID } from 'node:crypto';
import { testMysqlServer } from '@movie/persistence/testing/mysql-server';
import { bookingStory } from '../testing/booking-story';
import { ReadModelHarness } from '../testing/read-model.harness';

const server = testMysqlServer();

describe('MyBookingProjection on MariaDB', () => {
  let mariadb: ReadModelHarness;
  let sqlite: ReadModelHarness;

  beforeAll(async () => {
    mariadb = await ReadModelHarness.open(`${server}/unit_mypage_projection`);
    sqlite = await ReadModelHarness.open();
  });
  afterAll(async () => {
    await mariadb.dataSource.query('DROP DATABASE IF EXISTS unit_mypage_projection');
    await Promise.all([mariadb.close(), sqlite.close()]);
  });

  it("loses no fact when one booking's events from different topics are applied at the same time", async () => {
    const stories = Array.from({ length: 10 }, (_, index) => bookingStory(index % 2 ? 'printed' : 'cancelled', randomUUID()));
    await sqlite.apply(stories.flat());

    await mariadb.clear();
    // Each event in its own transaction, all of a booking's events at once, as three topic consumers would.
    await Promise.all(stories.flat().map((stored) => mariadb.apply([stored])));

    expect(await mariadb.snapshot()).toEqual(await sqlite.snapshot());
  });

  it('applies an event delivered twice only once, and the transaction that refused it still commits', async () => {
    const bookingId = randomUUID();
    const [approved, confirmed] = bookingStory('printed', bookingId);

    await mariadb.apply([approved]);
    await mariadb.transactions.run(async (manager) => {
      await mariadb.handlers.all.PaymentApproved.handle(approved.event as never, manager);
      await mariadb.handlers.all.BookingConfirmed.handle(confirmed.event as never, manager);
    });

    const history = await mariadb.dataSource.query('SELECT type FROM my_booking_history WHERE bookingId = ? ORDER BY type', [bookingId]);
    expect(history).toEqual([{ type: 'BookingConfirmed' }, { type: 'PaymentApproved' }]);
    expect(await mariadb.booking(bookingId)).toMatchObject({ paymentState: 'approved', status: 1 });
  });
});
