import { eventually, openTestDatabase, RecordingPublisher, seatHeld, TestDatabase } from '../testing/test-database';
import { Outbox } from './outbox';
import { OutboxMessageOrm } from './outbox-message.orm-entity';
import { OutboxRelay } from './outbox-relay';

describe('OutboxRelay', () => {
  const topic = 'movie.seat.v1';
  let db: TestDatabase;
  let outbox: Outbox;
  let publisher: RecordingPublisher;
  let relay: OutboxRelay;

  beforeEach(async () => {
    db = await openTestDatabase();
    outbox = new Outbox();
    publisher = new RecordingPublisher();
    relay = new OutboxRelay(db.transactions, outbox, publisher, { pollMs: 10 });
  });
  afterEach(async () => {
    await relay.beforeApplicationShutdown();
    await db.close();
  });

  const append = (...seats: string[]) => {
    const events = seats.map((seat) => seatHeld(seat, `booking-${seat}`));
    return db.transactions.run((manager) => outbox.append(manager, topic, ...events)).then(() => events);
  };
  const rows = () => db.dataSource.manager.find(OutboxMessageOrm, { order: { seq: 'ASC' } });

  it('publishes unsent rows in insertion order with their key and id, and marks them sent', async () => {
    const events = await append('A1', 'A2', 'A3');

    await relay.sendPending();

    expect(publisher.published.map((message) => JSON.parse(message.value).id)).toEqual(events.map((event) => event.id));
    expect(publisher.published[0]).toMatchObject({ topic, key: 'booking-A1', headers: { 'event-id': events[0].id, 'event-type': 'SeatHeld' } });
    expect((await rows()).every((row) => row.sentAt !== null)).toBe(true);
    expect(await relay.backlog()).toBe(0);
  });

  it('does not publish a row twice', async () => {
    await append('A1');

    await Promise.all([relay.sendPending(), relay.sendPending()]);
    await relay.sendPending();

    expect(publisher.published).toHaveLength(1);
  });

  it('keeps rows unsent while the publisher fails and counts the attempts', async () => {
    await append('A1', 'A2');
    publisher.failuresToCome = 1;

    await expect(relay.sendPending()).rejects.toThrow('broker not available');

    expect(await relay.backlog()).toBe(2);
    expect((await rows()).map((row) => row.attempts)).toEqual([1, 1]);
  });

  it('delivers everything once the publisher recovers, in order', async () => {
    const events = await append('A1', 'A2');
    publisher.failuresToCome = 3;

    relay.onApplicationBootstrap();

    await eventually(async () => expect(await relay.backlog()).toBe(0));
    expect(publisher.published.map((message) => JSON.parse(message.value).id)).toEqual(events.map((event) => event.id));
  });

  it('sends rows committed after start-up when the outbox says a commit happened', async () => {
    relay.onApplicationBootstrap();
    const [event] = await append('B7');

    outbox.notifyCommitted();

    await eventually(() => expect(publisher.published.map((message) => JSON.parse(message.value).id)).toEqual([event.id]));
  });

  describe('with a linger', () => {
    const lingering = (lingerMs: number) => new OutboxRelay(db.transactions, outbox, publisher, { pollMs: 60_000, lingerMs });

    it('sends the rows of commits made within it after the last pass in one publish', async () => {
      await relay.beforeApplicationShutdown();
      const [first] = await append('D1');
      relay = lingering(3_000);
      relay.onApplicationBootstrap();
      await eventually(() => expect(publisher.published).toHaveLength(1));

      const later = await append('D2');
      outbox.notifyCommitted();
      // Without the linger, D2 would be on its way alone by now.
      await new Promise((done) => setTimeout(done, 300));
      later.push(...(await append('D3')));
      outbox.notifyCommitted();

      await eventually(() => expect(publisher.published).toHaveLength(3));
      expect(publisher.calls).toBe(2);
      expect(publisher.published.map((message) => JSON.parse(message.value).id)).toEqual([first, ...later].map((event) => event.id));
    }, 15_000);

    it('sends a commit at once when the last pass began longer ago than the linger', async () => {
      jest.useFakeTimers({ doNotFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'nextTick', 'queueMicrotask', 'hrtime', 'Date'] });
      try {
        await relay.beforeApplicationShutdown();
        relay = lingering(60_000);
        relay.onApplicationBootstrap();
        await eventually(async () => expect(await relay.backlog()).toBe(0));
        jest.advanceTimersByTime(60_001);
        const [event] = await append('E1');

        outbox.notifyCommitted();

        await eventually(() => expect(publisher.published.map((message) => JSON.parse(message.value).id)).toEqual([event.id]), 5_000);
      } finally {
        jest.useRealTimers();
      }
    });
  });

  describe('at start', () => {
    /** The in-memory bus: what it held is gone with the process. */
    class ForgetfulPublisher extends RecordingPublisher {
      override readonly forgetsOnRestart = true;
    }
    const restartWith = async (next: RecordingPublisher) => {
      await relay.beforeApplicationShutdown();
      relay = new OutboxRelay(db.transactions, outbox, next, { pollMs: 10 });
      await relay.onApplicationBootstrap();
    };

    it('sends every event again, in order, when the transport forgets what it held', async () => {
      const events = await append('D1', 'D2');
      await relay.sendPending();
      const next = new ForgetfulPublisher();

      await restartWith(next);

      await eventually(() => expect(next.published).toHaveLength(2));
      expect(next.published.map((message) => JSON.parse(message.value).id)).toEqual(events.map((event) => event.id));
      expect(await relay.backlog()).toBe(0);
    });

    it('sends nothing again when the transport keeps what it held', async () => {
      await append('E1');
      await relay.sendPending();
      const next = new RecordingPublisher();

      await restartWith(next);
      await append('E2');

      await eventually(() => expect(next.published.length).toBeGreaterThan(0));
      expect(next.published.map((message) => JSON.parse(message.value).key)).toEqual(['booking-E2']);
    });
  });

  it('sends what is left when the app shuts down', async () => {
    relay.onApplicationBootstrap();
    await relay.beforeApplicationShutdown();
    await append('C1');

    await relay.beforeApplicationShutdown();

    expect(publisher.published).toHaveLength(1);
  });
});
