import { randomUUID } from 'node:crypto';
import { EventLog, EventReplayer, LogVisitor } from '@movie/messaging';
import { MyBookingOrm } from '../../database/my-booking.orm-entity';
import { bookingStory, shuffled, StoredEvent } from '../../testing/booking-story';
import { ReadModelHarness } from '../../testing/read-model.harness';
import { TopicReplayerFake } from '../../testing/topic-replayer.fake';
import { RebuildMypageService } from './rebuild-mypage.service';

/** The stream as topics on a broker: each topic in its order, handed over in runs of five messages. */
class StreamLog extends EventLog {
  constructor(private readonly stream: StoredEvent[]) {
    super();
  }

  async readFromBeginning(topics: readonly string[], visit: LogVisitor): Promise<void> {
    for (const topic of topics) {
      const messages = this.stream.filter((stored) => stored.topic === topic).map(({ event }) => JSON.stringify(event));
      for (let first = 0; first < messages.length; first += 5) await visit(topic, messages.slice(first, first + 5));
    }
  }
}

describe('RebuildMypageService', () => {
  let readModel: ReadModelHarness;
  const stream: StoredEvent[] = Array.from({ length: 12 }, (_, index) =>
    bookingStory(index % 3 === 0 ? 'cancelled' : 'printed', randomUUID(), `2026-05-${String(index + 1).padStart(2, '0')}T09:00:00.000Z`),
  ).flat();

  beforeEach(async () => {
    readModel = await ReadModelHarness.open();
  });
  afterEach(() => readModel.close());

  const rebuildFrom = (replayer: Pick<EventReplayer, 'replay' | 'eventIdsInLog'>) =>
    new RebuildMypageService(replayer as EventReplayer, readModel.handlers, readModel.transactions, readModel.bookings, readModel.history);

  it('ends identical to the live read model built from the same events in another order', async () => {
    await readModel.apply(shuffled(stream, 20260501));
    const live = await readModel.snapshot();

    const result = await rebuildFrom(new TopicReplayerFake(stream, readModel.transactions)).rebuild();

    expect(await readModel.snapshot()).toEqual(live);
    expect(result).toEqual({ eventsReplayed: stream.length, bookings: 12, historyEntries: stream.length });
  });

  it('ends identical to the live read model when the replayer applies the events in batches and lanes', async () => {
    await readModel.apply(shuffled(stream, 20260502));
    const live = await readModel.snapshot();

    const result = await rebuildFrom(new EventReplayer(new StreamLog(stream), readModel.transactions)).rebuild();

    expect(await readModel.snapshot()).toEqual(live);
    expect(result).toEqual({ eventsReplayed: stream.length, bookings: 12, historyEntries: stream.length });
  });

  it('drops rows that no event backs any more', async () => {
    await readModel.apply(stream);
    await readModel.dataSource.manager.update(MyBookingOrm, { bookingId: stream[0].event.key }, { movieName: 'Tampered' });
    const stray = { ...(await readModel.booking(stream[0].event.key))!, bookingId: randomUUID() };
    await readModel.dataSource.manager.insert(MyBookingOrm, stray);

    await rebuildFrom(new TopicReplayerFake(stream, readModel.transactions)).rebuild();

    expect(await readModel.booking(stray.bookingId)).toBeNull();
    expect(await readModel.booking(stream[0].event.key)).toMatchObject({ movieName: 'Dune' });
  });

  it('refuses, and leaves my page as it was, when the log no longer holds events my page shows', async () => {
    await readModel.apply(stream);
    const live = await readModel.snapshot();
    // What retention leaves of a topic: its oldest messages are gone.
    const cut = stream.filter((stored, index) => !(stored.topic === stream[0].topic && index < 6));
    const lost = stream.length - cut.length;

    const rebuild = rebuildFrom(new EventReplayer(new StreamLog(cut), readModel.transactions)).rebuild();

    await expect(rebuild).rejects.toMatchObject({
      code: 'EVENT_LOG_INCOMPLETE',
      kind: 'conflict',
      message: expect.stringContaining(`no longer holds ${lost} of the ${stream.length} events`),
    });
    expect(await readModel.snapshot()).toEqual(live);
  });

  it('refuses a second rebuild while one is running', async () => {
    let finish: (count: number) => void = () => undefined;
    let replaying: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (replaying = resolve));
    const service = rebuildFrom({
      eventIdsInLog: async () => new Set(),
      replay: () => {
        replaying();
        return new Promise<number>((resolve) => (finish = resolve));
      },
    });
    const first = service.rebuild();
    await started;

    await expect(service.rebuild()).rejects.toMatchObject({ code: 'REBUILD_IN_PROGRESS' });
    finish(0);
    await expect(first).resolves.toMatchObject({ eventsReplayed: 0 });
  });
});
