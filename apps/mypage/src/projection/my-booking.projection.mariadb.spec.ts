import { randomUUID } from 'node:crypto';
import { bookingStory } from '../testing/booking-story';
import { ReadModelHarness } from '../testing/read-model.harness';

const server = (process.env.TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/$/, '');

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
});
