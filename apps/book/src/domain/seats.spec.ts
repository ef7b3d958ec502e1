import { parseSeatList, seatsOf } from './seats';

const hall = { rows: 10, seatsPerRow: 12 };

describe('seats', () => {
  it('lists a hall row by row', () => {
    const seats = seatsOf({ rows: 2, seatsPerRow: 3 });
    expect(seats).toEqual(['1A', '1B', '1C', '2A', '2B', '2C']);
  });

  it('reads the original request format, tolerating spaces and lower case', () => {
    expect(parseSeatList('1A,2B', 2, hall)).toEqual(['1A', '2B']);
    expect(parseSeatList(' 3c , 10L', 2, hall)).toEqual(['3C', '10L']);
  });

  it.each([
    ['11A', 1, 'not in this hall'],
    ['1M', 1, 'not in this hall'],
    ['0A', 1, 'not in this hall'],
    ['1A,1A', 2, 'listed twice'],
    ['1A,2B', 3, 'qty is 3 but 2 seat(s) are listed'],
  ])('refuses %s for qty %d', (list, qty, message) => {
    expect(() => parseSeatList(list, qty, hall)).toThrow(message);
  });

  it('reports every broken rule at once', () => {
    expect(() => parseSeatList('1A,1A,99Z', 2, hall)).toThrow(/99Z is not in this hall.*1A is listed twice.*qty is 2 but 3/);
  });
});
