import { randomUUID } from 'node:crypto';
import { testMysqlServer } from '@movie/persistence/testing/mysql-server';
import { HeldSeatOrm, openTestDatabase, RecordingPublisher, seatHeld, TestDatabase } from '../testing/test-database';
import { seatHandlers } from '../testing/seat-app';
import { EventConsumer } from './event-consumer';
import { ProcessedEventOrm } from './processed-event.orm-entity';

const server = testMysqlServer();

describe('EventConsumer on MariaDB', () => {
  const database = `unit_messaging_${randomUUID().slice(0, 8)}`;
  let db: TestDatabase;
  let consumer: EventConsumer;

  beforeAll(async () => {
    db = await openTestDatabase(`${server}/${database}`);
    consumer = new EventConsumer(db.transactions, new RecordingPublisher());
  });
  afterAll(async () => {
    await db.dataSource.query(`DROP DATABASE IF EXISTS ${database}`);
    await db.close();
  });

  it('applies an event once when several deliveries of it arrive at the same time', async () => {
    const event = seatHeld('A1');

    const outcomes = await Promise.all(Array.from({ length: 5 }, () => consumer.consume('ticket', 'movie.seat.v1', event, seatHandlers)));

    expect(outcomes.sort()).toEqual(['applied', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(await db.dataSource.manager.countBy(HeldSeatOrm, { eventId: event.id })).toBe(1);
    expect(await db.dataSource.manager.countBy(ProcessedEventOrm, { eventId: event.id })).toBe(1);
  });
});
