import { eventually } from '../../testing/test-database';
import { BusMessage, BusSubscription, InMemoryEventBus } from './in-memory-event-bus';

describe('InMemoryEventBus', () => {
  const topic = 'movie.seat.v1';
  let bus: InMemoryEventBus;
  let subscriptions: BusSubscription[];

  beforeEach(() => {
    bus = new InMemoryEventBus();
    subscriptions = [];
  });
  afterEach(() => Promise.all(subscriptions.map((subscription) => subscription.unsubscribe())));

  const subscribe = (...args: Parameters<InMemoryEventBus['subscribe']>) => {
    const subscription = bus.subscribe(...args);
    subscriptions.push(subscription);
    return subscription;
  };

  const publish = (...values: string[]) => bus.publish(values.map((value) => ({ topic, key: 'k', value })));
  const collect = (into: string[]) => async (message: BusMessage) => {
    into.push(message.value);
  };

  it('delivers a topic in publish order, from the beginning, to a group that subscribes late', async () => {
    publish('1', '2');
    const seen: string[] = [];

    subscribe('ticket', topic, collect(seen));
    publish('3');

    await eventually(() => expect(seen).toEqual(['1', '2', '3']));
  });

  it('gives every group its own position in the topic', async () => {
    publish('1', '2');
    const ticket: string[] = [];
    const mypage: string[] = [];

    subscribe('ticket', topic, collect(ticket));
    subscribe('mypage', topic, collect(mypage));

    await eventually(() => expect([ticket, mypage]).toEqual([['1', '2'], ['1', '2']]));
  });

  it('retries a failing handler and moves on only once it succeeds', async () => {
    publish('1', '2');
    const seen: string[] = [];
    let attempts = 0;

    subscribe('ticket', topic, async (message) => {
      if (message.value === '1' && ++attempts < 3) throw new Error('not yet');
      seen.push(message.value);
    }, { firstDelayMs: 1 });

    await eventually(() => expect(seen).toEqual(['1', '2']));
    expect(attempts).toBe(3);
  });

  it('does not hold back other groups while one group keeps failing', async () => {
    publish('1');
    const mypage: string[] = [];

    subscribe('ticket', topic, async () => {
      throw new Error('always');
    }, { firstDelayMs: 1 });
    subscribe('mypage', topic, collect(mypage));

    await eventually(() => expect(mypage).toEqual(['1']));
    expect(bus.position('ticket', topic)).toBe(0);
  });

  it('resumes a group where it left off when it subscribes again', async () => {
    publish('1', '2');
    const first: string[] = [];
    const subscription = subscribe('ticket', topic, collect(first));
    await eventually(() => expect(first).toEqual(['1', '2']));
    await subscription.unsubscribe();

    publish('3');
    const second: string[] = [];
    subscribe('ticket', topic, collect(second));

    await eventually(() => expect(second).toEqual(['3']));
  });

  it('hands a backlog to the batch handler in one call, oldest first, and single messages to the handler', async () => {
    publish('1', '2', '3');
    const calls: string[][] = [];

    subscribe('ticket', topic, async (message) => void calls.push([message.value]), {
      batch: async (messages) => void calls.push(messages.map((message) => message.value)),
    });
    await eventually(() => expect(calls).toEqual([['1', '2', '3']]));
    publish('4');

    await eventually(() => expect(calls).toEqual([['1', '2', '3'], ['4']]));
    expect(bus.position('ticket', topic)).toBe(4);
  });

  it('after a failed batch, hands its messages over one at a time with retries, then batches again', async () => {
    publish('1', '2', '3');
    const calls: string[][] = [];
    let batches = 0;
    let attempts = 0;

    subscribe('ticket', topic, async (message) => {
      if (message.value === '2' && ++attempts < 2) throw new Error('not yet');
      calls.push([message.value]);
      if (message.value === '3') publish('4', '5');
    }, {
      firstDelayMs: 1,
      batch: async (messages) => {
        if (++batches === 1) throw new Error('one of them failed');
        calls.push(messages.map((message) => message.value));
      },
    });

    await eventually(() => expect(calls).toEqual([['1'], ['2'], ['3'], ['4', '5']]));
    expect(attempts).toBe(2);
  });

  it('keeps every message of a topic for readers of its whole history', () => {
    publish('1', '2');

    expect(bus.read(topic).map((message) => [message.offset, message.value])).toEqual([[0, '1'], [1, '2']]);
  });

  it('refuses a second reader for the same group and topic', () => {
    subscribe('ticket', topic, async () => undefined);

    expect(() => bus.subscribe('ticket', topic, async () => undefined)).toThrow('already reads');
  });
});
