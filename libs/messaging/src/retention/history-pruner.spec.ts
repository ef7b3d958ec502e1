import { randomUUID } from 'node:crypto';
import { testMysqlServer } from '@movie/persistence/testing/mysql-server';
import { ProcessedEventOrm } from '../inbox/processed-event.orm-entity';
import { Outbox } from '../outbox/outbox';
import { OutboxMessageOrm } from '../outbox/outbox-message.orm-entity';
import { openTestDatabase, RecordingPublisher, seatHeld, TestDatabase } from '../testing/test-database';
import { InMemoryEventBus } from '../transport/memory/in-memory-event-bus';
import { InMemoryEventPublisher } from '../transport/memory/in-memory-event-publisher';
import { HistoryPruner } from './history-pruner';

const NOW = new Date('2026-11-30T12:00:00.000Z');
const hoursBefore = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString();
const retention = { outboxRetentionHours: 168, inboxRetentionHours: 336 };

describe.each([
  ['SQLite', () => 'sqlite::memory:'],
  ['MariaDB', () => `${testMysqlServer()}/unit_pruner_${randomUUID().slice(0, 8)}`],
])('HistoryPruner on %s', (_name, newUrl) => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await openTestDatabase(newUrl());
  });
  afterEach(async () => {
    if (db.dataSource.options.type !== 'better-sqlite3') await db.dataSource.query(`DROP DATABASE \`${db.dataSource.driver.database}\``);
    await db.close();
  });

  /** Appends `old` outbox rows sent at `oldSentAt`, then one row for each of `sentAt` (null: not sent). */
  async function outboxSentAt(old: number, oldSentAt: string, ...sentAt: (string | null)[]): Promise<void> {
    const events = Array.from({ length: old + sentAt.length }, (_, index) => seatHeld(`S${index}`, `booking-${index}`));
    await db.transactions.run((manager) => new Outbox().append(manager, 'movie.seat.v1', ...events));
    await db.dataSource.createQueryBuilder().update(OutboxMessageOrm).set({ sentAt: oldSentAt }).execute();
    const rows = await db.dataSource.manager.find(OutboxMessageOrm, { order: { seq: 'ASC' }, skip: old, take: sentAt.length });
    for (const [index, row] of rows.entries()) await db.dataSource.manager.update(OutboxMessageOrm, { seq: row.seq }, { sentAt: sentAt[index] });
  }
  const inboxAt = (...processedAt: string[]) =>
    db.dataSource.manager.insert(ProcessedEventOrm, processedAt.map((at) => ({ consumer: 'seats', eventId: randomUUID(), topic: 'movie.seat.v1', type: 'SeatHeld', processedAt: at })));
  const outboxLeft = async () => (await db.dataSource.manager.find(OutboxMessageOrm, { order: { seq: 'ASC' } })).map((row) => row.sentAt);
  const inboxLeft = async () => (await db.dataSource.manager.find(ProcessedEventOrm, { order: { seq: 'ASC' } })).map((row) => row.processedAt);

  it('deletes the outbox rows sent before their retention, in batches, and keeps the newer and the unsent', async () => {
    await outboxSentAt(2_100, hoursBefore(200), hoursBefore(167), null);
    const pruner = new HistoryPruner(db.transactions, new RecordingPublisher(), retention);

    expect(await pruner.prune(NOW)).toEqual({ outbox: 2_100, inbox: 0 });
    expect(await outboxLeft()).toEqual([hoursBefore(167), null]);
  });

  it('deletes the inbox rows older than their own retention', async () => {
    await inboxAt(hoursBefore(400), hoursBefore(337), hoursBefore(200));
    const pruner = new HistoryPruner(db.transactions, new RecordingPublisher(), retention);

    expect(await pruner.prune(NOW)).toEqual({ outbox: 0, inbox: 2 });
    expect(await inboxLeft()).toEqual([hoursBefore(200)]);
  });

  it('keeps every row on the in-memory bus, whose history they are, and each table told to keep its rows', async () => {
    await outboxSentAt(1, hoursBefore(1_000));
    await inboxAt(hoursBefore(1_000));

    const onTheBus = new HistoryPruner(db.transactions, new InMemoryEventPublisher(new InMemoryEventBus()), retention);
    const keptForGood = new HistoryPruner(db.transactions, new RecordingPublisher(), { outboxRetentionHours: 0, inboxRetentionHours: 0 });

    expect([await onTheBus.prune(NOW), await keptForGood.prune(NOW)]).toEqual([{}, {}]);
    expect([await outboxLeft(), await inboxLeft()]).toEqual([[hoursBefore(1_000)], [hoursBefore(1_000)]]);
  });
});
