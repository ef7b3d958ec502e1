import { IsString } from 'class-validator';
import { seatHeld, SeatHeldV1 } from '../testing/test-database';
import { EventHandlers } from './event-handlers';
import { ReadEvent, readEvent } from './read-event';

class SeatOnly {
  @IsString()
  seat!: string;
}

const eventOf = (read: ReadEvent) => {
  if (read.kind !== 'event') throw new Error(`expected an event, got ${read.kind}`);
  return read.event;
};

describe('readEvent', () => {
  const handlers = (payload: EventHandlers[string]['payload'] = SeatHeldV1): EventHandlers => ({
    SeatHeld: { payload, handle: async () => undefined },
  });

  it('checks a decoded message once: the consumers it is handed to share the event', () => {
    const message = JSON.parse(JSON.stringify(seatHeld('A1')));

    const first = eventOf(readEvent(message, handlers()));
    const second = eventOf(readEvent(message, handlers()));

    expect(second).toBe(first);
  });

  it('builds the payload anew for a consumer that reads it as another class', () => {
    const message = JSON.parse(JSON.stringify(seatHeld('A1')));

    const held = readEvent(message, handlers(SeatHeldV1));
    const seatOnly = readEvent(message, handlers(SeatOnly));

    expect(eventOf(held).payload).toBeInstanceOf(SeatHeldV1);
    expect(eventOf(seatOnly).payload).toBeInstanceOf(SeatOnly);
  });

  it('gives every reader of a message with a bad payload the same reason', () => {
    const message = { ...seatHeld('A1'), payload: { screeningId: 'screening-1', seat: 'A1', qty: 0 } };

    const reads = [readEvent(message, handlers()), readEvent(message, handlers())];

    expect(reads.map((read) => read.kind === 'unreadable' && read.reason)).toEqual([
      'invalid SeatHeld v1 payload: qty must not be less than 1',
      'invalid SeatHeld v1 payload: qty must not be less than 1',
    ]);
  });

  it('reads text anew each time, as each Kafka consumer gets its own copy', () => {
    const text = JSON.stringify(seatHeld('A1'));

    const first = eventOf(readEvent(text, handlers()));
    const second = eventOf(readEvent(text, handlers()));

    expect(second).not.toBe(first);
    expect(second).toEqual(first);
  });
});
