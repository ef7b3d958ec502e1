import { InvalidBookingRequest } from './book.errors';

export interface HallLayout {
  rows: number;
  seatsPerRow: number;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Every seat of a hall in display order: 1A, 1B, ... 2A, ... */
export function seatsOf(hall: HallLayout): string[] {
  const seats: string[] = [];
  for (let row = 1; row <= hall.rows; row++) {
    for (let index = 0; index < hall.seatsPerRow; index++) seats.push(`${row}${LETTERS[index]}`);
  }
  return seats;
}

/**
 * Reads "1A, 2b" into ["1A", "2B"] and checks the seats against the hall and the quantity.
 * Every broken rule is reported at once.
 */
export function parseSeatList(list: string, qty: number, hall: HallLayout): string[] {
  const seats = list.split(',').map((seat) => seat.trim().toUpperCase()).filter(Boolean);
  const problems: string[] = [];
  const outside = seats.filter((seat) => !isInHall(seat, hall));
  if (outside.length > 0) {
    problems.push(`seat ${outside.join(', ')} is not in this hall (rows 1-${hall.rows}, seats A-${LETTERS[hall.seatsPerRow - 1]})`);
  }
  const repeated = seats.filter((seat, index) => seats.indexOf(seat) !== index);
  if (repeated.length > 0) problems.push(`seat ${[...new Set(repeated)].join(', ')} is listed twice`);
  if (seats.length !== qty) problems.push(`qty is ${qty} but ${seats.length} seat(s) are listed`);
  if (problems.length > 0) throw new InvalidBookingRequest('INVALID_SEATS', problems.join('; '));
  return seats;
}

function isInHall(seat: string, hall: HallLayout): boolean {
  const match = /^(\d{1,3})([A-Z])$/.exec(seat);
  if (!match) return false;
  const row = Number(match[1]);
  const index = LETTERS.indexOf(match[2]);
  return row >= 1 && row <= hall.rows && index < hall.seatsPerRow;
}
