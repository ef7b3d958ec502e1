import { eventually } from '../../testing/test-database';
import { BusSequencer, linkBus } from './bus-threads';
import { BusMessage, InMemoryEventBus } from './in-memory-event-bus';

// Ports of a MessageChannel behave the same within one thread as across two, so the
// replicas of these tests stand for the app threads of the embedded platform.
describe('the bus across threads', () => {
  const topic = 'movie.booking.v1';
  let sequencer: BusSequencer;

  beforeEach(() => (sequencer = new BusSequencer()));
  afterEach(() => sequencer.close());

  const replica = () => linkBus(sequencer.connect());
  const publish = (bus: InMemoryEventBus, ...values: string[]) => bus.publish(values.map((value) => ({ topic, key: 'k', value })));
  const logOf = (bus: InMemoryEventBus) => bus.read(topic).map(({ offset, value }) => `${offset}:${value}`);

  it('gives every replica the same messages at the same offsets when several publish at once', async () => {
    const [a, b] = [replica(), replica()];

    publish(a, 'a1');
    publish(b, 'b1', 'b2');
    publish(a, 'a2');

    await eventually(() => expect(logOf(a)).toHaveLength(4));
    await eventually(() => expect(logOf(b)).toEqual(logOf(a)));
    // A publish is one batch: its messages stay together and in order.
    const values = logOf(a).map((entry) => entry.split(':')[1]);
    expect(values.indexOf('b2')).toBe(values.indexOf('b1') + 1);
    expect(values.indexOf('a2')).toBeGreaterThan(values.indexOf('a1'));
  });

  it('shows a replica its own publish only once the sequencer has ordered it', async () => {
    const a = replica();

    publish(a, '1');

    expect(logOf(a)).toEqual([]);
    await eventually(() => expect(logOf(a)).toEqual(['0:1']));
  });

  it('refuses a replica linked after the first publish, which would lack the start of the topic', async () => {
    const a = replica();
    publish(a, '1');
    await eventually(() => expect(logOf(a)).toHaveLength(1));

    expect(() => sequencer.connect()).toThrow('a replica of the bus must be linked before the first publish');
  });

  it('gives a replica linked with some topics only their messages, at the offsets every replica has', async () => {
    const other = 'movie.ticket.v1';
    const all = replica();
    const bookingOnly = linkBus(sequencer.connect([topic]), [topic]);

    bookingOnly.publish([{ topic: other, key: 'k', value: 't1' }]);
    publish(all, 'b1');
    all.publish([{ topic: other, key: 'k', value: 't2' }, { topic, key: 'k', value: 'b2' }]);

    await eventually(() => expect(logOf(all)).toEqual(['0:b1', '1:b2']));
    await eventually(() => expect(logOf(bookingOnly)).toEqual(logOf(all)));
    // The two replicas' publishes reach the sequencer through ports of their own, in either order.
    await eventually(() => expect(all.end(other)).toBe(2));
    expect(() => bookingOnly.read(other)).toThrow(`this replica of the bus is not given ${other}, only ${topic}`);
    expect(() => bookingOnly.subscribe('ticket', other, async () => undefined)).toThrow('is not given');
  });

  it('delivers to a consumer group in one replica what another replica published', async () => {
    const [book, mypage] = [replica(), replica()];
    const seen: string[] = [];
    const subscription = mypage.subscribe('mypage', topic, async (message: BusMessage) => {
      seen.push(message.value);
    });

    publish(book, 'BookingConfirmed');

    await eventually(() => expect(seen).toEqual(['BookingConfirmed']));
    expect(mypage.position('mypage', topic)).toBe(1);
    // The group's cursor lives in its own replica only.
    expect(book.position('mypage', topic)).toBe(0);
    await subscription.unsubscribe();
  });
});
