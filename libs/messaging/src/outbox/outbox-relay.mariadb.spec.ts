import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { testMysqlServer } from '@movie/persistence/testing/mysql-server';
import { openTestDatabase, RecordingPublisher, seatHeld, TestDatabase } from '../testing/test-database';
import { OutgoingMessage } from '../transport/event-publisher';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

/** A broker that takes a moment to acknowledge, so two relays' passes overlap as they do under load. */
class SlowPublisher extends RecordingPublisher {
  override async publish(messages: OutgoingMessage[]): Promise<void> {
    await sleep(30);
    await super.publish(messages);
  }
}

describe('OutboxRelay, two replicas on one MariaDB database', () => {
  const database = `unit_relay_${randomUUID().slice(0, 8)}`;
  const replicas: { db: TestDatabase; publisher: SlowPublisher; relay: OutboxRelay }[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const db = await openTestDatabase(`${testMysqlServer()}/${database}`);
      const publisher = new SlowPublisher();
      replicas.push({ db, publisher, relay: new OutboxRelay(db.transactions, new Outbox(), publisher, { pollMs: 50 }) });
    }
  });
  afterAll(async () => {
    await replicas[0].db.dataSource.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await Promise.all(replicas.map(({ db }) => db.close()));
  });

  it('sends each row once and in order, though both relays run at the same time', async () => {
    const events = Array.from({ length: 450 }, (_, index) => seatHeld(`S${index}`, `booking-${index % 7}`));
    await replicas[0].db.transactions.run((manager) => new Outbox().append(manager, 'movie.seat.v1', ...events));

    await Promise.all(replicas.map(({ relay }) => relay.sendPending()));

    const sent = replicas.flatMap(({ publisher }) => publisher.published.map((message) => JSON.parse(message.value).id as string));
    expect(sent).toHaveLength(450);
    expect(sent).toEqual(events.map((event) => event.id));
  });
});
