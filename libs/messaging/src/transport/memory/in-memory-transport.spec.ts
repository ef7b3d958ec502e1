import { eventually, seatHeld } from '../../testing/test-database';
import { InMemoryEventBus } from './in-memory-event-bus';
import { InMemoryTransportServer } from './in-memory-transport';

describe('InMemoryTransportServer', () => {
  const topic = 'movie.seat.v1';
  let servers: InMemoryTransportServer[];

  afterEach(() => Promise.all(servers.map((server) => server.close())));

  it('hands every consumer group the same decoded message, so the event is read once a thread', async () => {
    const bus = new InMemoryEventBus();
    servers = ['ticket', 'mypage'].map((group) => new InMemoryTransportServer(bus, group));
    const seen = servers.map((server) => {
      const values: unknown[] = [];
      server.addHandler(topic, async (value: unknown) => void values.push(value), true);
      server.listen(() => undefined);
      return values;
    });

    bus.publish([{ topic, key: 'booking-1', value: JSON.stringify(seatHeld('A1')) }]);

    await eventually(() => expect(seen.map((values) => values.length)).toEqual([1, 1]));
    expect(seen[1][0]).toBe(seen[0][0]);
    expect(seen[0][0]).toMatchObject({ type: 'SeatHeld', payload: { seat: 'A1' } });
  });
});
