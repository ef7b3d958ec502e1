import { randomUUID } from 'node:crypto';
import { testMysqlServer } from '@movie/persistence/testing/mysql-server';
import { openTestDatabase, RecordingPublisher, seatHeld, TestDatabase } from '../testing/test-database';
import { InMemoryEventBus } from '../transport/memory/in-memory-event-bus';
import { InMemoryEventPublisher } from '../transport/memory/in-memory-event-publisher';
import { Outbox } from './outbox';
import { OutboxMessageOrm } from './outbox-message.orm-entity';
import { OutboxPruner } from './outbox-pruner';

const NOW = new Date('2026-11-30T12:00:00.000Z');
const hoursBefore = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString();

describe.each([
  ['SQLite', () => 'sqlite::memory:'],
  ['MariaDB', () => `${testMysqlServer()}/unit_pruner_${randomUUID().slice(0, 8)}`],
])('OutboxPruner on %s', (_name, newUrl) => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await openTestDatabase(newUrl());
  });
  afterEach(async () => {
    if (db.dataSource.options.type !== 'better-sqlite3') await db.dataSource.query(`DROP DATABASE \`${db.dataSource.driver.database}\``);
    await db.close();
  });

  /** Appends `old` rows sent at `oldSentAt`, then one row for each of `sentAt` (null: not sent). */
  async function outboxSentAt(old: number, oldSentAt: string, ...sentAt: (string | null)[]): Promise<void> {
    const events = Array.from({ length: old + sentAt.length }, (_, index) => seatHeld(`S${index}`, `booking-${index}`));
    await db.transactions.run((manager) => new Outbox().append(manager, 'movie.seat.v1', ...events));
    await db.dataSource.createQueryBuilder().update(OutboxMessageOrm).set({ sentAt: oldSentAt }).execute();
    const rows = await db.dataSource.manager.find(OutboxMessageOrm, { order: { seq: 'ASC' }, skip: old, take: sentAt.length });
    for (const [index, row] of rows.entries()) await db.dataSource.manager.update(OutboxMessageOrm, { seq: row.seq }, { sentAt: sentAt[index] });
  }
  const left = async () => (await db.dataSource.manager.find(OutboxMessageOrm, { order: { seq: 'ASC' } })).map((row) => row.sentAt);

  it('deletes the rows sent before the retention, in batches, and keeps the newer and the unsent', async () => {
    await outboxSentAt(2_100, hoursBefore(200), hoursBefore(167), null);
    const pruner = new OutboxPruner(db.transactions, new RecordingPublisher(), { outboxRetentionHours: 168 });

    expect(await pruner.prune(NOW)).toBe(2_100);
    expect(await left()).toEqual([hoursBefore(167), null]);
  });

  it('keeps every row on the in-memory bus, whose history they are, and when told to keep them', async () => {
    await outboxSentAt(1, hoursBefore(1_000));

    const onTheBus = new OutboxPruner(db.transactions, new InMemoryEventPublisher(new InMemoryEventBus()), { outboxRetentionHours: 168 });
    const keptForGood = new OutboxPruner(db.transactions, new RecordingPublisher(), { outboxRetentionHours: 0 });

    expect([await onTheBus.prune(NOW), await keptForGood.prune(NOW)]).toEqual([0, 0]);
    expect(await left()).toEqual([hoursBefore(1_000)]);
  });
});
