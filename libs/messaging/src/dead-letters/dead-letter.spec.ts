import { findDeadLetter, readDeadLetter, replaysOf, StoredDeadLetter } from './dead-letter';

const letter = (position: string, consumer = 'ticket', message = '{"id":"e-1"}'): StoredDeadLetter => ({
  position, time: '2026-11-30T04:21:03.123Z', topic: 'movie.booking.v1', consumer, reason: 'payload.qty must not be less than 1', key: 'booking-1', message,
});

describe('dead letters read back', () => {
  it('reads the topic, consumer, reason and the refused message from what the consumer dead-lettered', () => {
    const value = JSON.stringify({ reason: 'payload.qty must not be less than 1', topic: 'movie.booking.v1', consumer: 'ticket', original: { id: 'e-1' } });

    expect(readDeadLetter(value, {})).toEqual({
      topic: 'movie.booking.v1', consumer: 'ticket', reason: 'payload.qty must not be less than 1', message: '{"id":"e-1"}',
    });
  });

  it('keeps a refused message that was not JSON as the text it was', () => {
    const value = JSON.stringify({ reason: 'message is not JSON', topic: 'movie.booking.v1', consumer: 'ticket', original: '{"id": "not-even-json"' });

    expect(readDeadLetter(value, {}).message).toBe('{"id": "not-even-json"');
  });

  it('shows a dead letter some other tool wrote as it is, with what its headers say', () => {
    const headers = { 'dead-letter-reason': 'by hand', 'dead-letter-consumer': 'mypage', 'original-topic': 'movie.ticket.v1' };

    expect(readDeadLetter('hello', headers)).toEqual({ topic: 'movie.ticket.v1', consumer: 'mypage', reason: 'by hand', message: 'hello' });
  });

  it('sends a refused message once, however often it was chosen and however many consumers refused it', () => {
    const replays = replaysOf([letter('0:4'), letter('0:5', 'mypage'), letter('0:4'), letter('1:0', 'ticket', '{"id":"e-2"}')]);

    expect(replays.map(({ message }) => message)).toEqual([
      { topic: 'movie.booking.v1', key: 'booking-1', value: '{"id":"e-1"}', headers: { 'replayed-from': 'movie.booking.v1.DLT 0:4,0:5' } },
      { topic: 'movie.booking.v1', key: 'booking-1', value: '{"id":"e-2"}', headers: { 'replayed-from': 'movie.booking.v1.DLT 1:0' } },
    ]);
    expect(replays[0].letters.map(({ consumer }) => consumer)).toEqual(['ticket', 'mypage']);
  });

  it('finds a dead letter by partition and offset, or by an offset only one partition has', () => {
    const letters = [letter('0:3'), letter('1:3'), letter('2:7')];

    expect(findDeadLetter(letters, '1:3', 'movie.booking.v1.DLT').position).toBe('1:3');
    expect(findDeadLetter(letters, '7', 'movie.booking.v1.DLT').position).toBe('2:7');
  });

  it('refuses an offset that several partitions have, or that none has, saying what there is', () => {
    const letters = [letter('0:3'), letter('1:3')];

    expect(() => findDeadLetter(letters, '3', 'movie.booking.v1.DLT')).toThrow('say which, as --offset 0:3 or --offset 1:3');
    expect(() => findDeadLetter(letters, '2:3', 'movie.booking.v1.DLT')).toThrow('no dead letter at 2:3 in movie.booking.v1.DLT (there are 0:3, 1:3)');
  });
});
