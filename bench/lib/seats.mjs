// Bookings need free seats: the sample catalog has 1,080. A benchmark adds screenings of its own
// straight into book's catalog table (book reads a screening by id on first use), so the apps
// need no setting for it.
import Database from 'better-sqlite3';
import { withMysql } from './platform.mjs';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** The largest hall the seat rules allow: rows 1-999, seats A-Z. */
const HALL = { rows: 999, seatsPerRow: 26 };
const SEATS_PER_SCREENING = HALL.rows * HALL.seatsPerRow;
export const SEAT_PRICE = 5000;

/** Adds screenings of `soul` with ids bench-1..bench-count, enough for count × 25,974 one-seat bookings. */
export async function addScreenings(platform, count) {
  const rows = Array.from({ length: count }, (_, index) => [
    `bench-${index + 1}`, 'soul', new Date(Date.UTC(2031, 0, 1 + index, 20)).toISOString(), 'Bench hall', HALL.rows, HALL.seatsPerRow, SEAT_PRICE,
  ]);
  const url = platform.databaseUrl('book');
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length));
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare('INSERT INTO screening (id, movieId, startsAt, hall, "rows", seatsPerRow, price) VALUES (?, ?, ?, ?, ?, ?, ?)');
    db.transaction(() => rows.forEach((row) => insert.run(...row)))();
    db.close();
    return;
  }
  await withMysql(
    (connection) => connection.query('INSERT INTO screening (id, movieId, startsAt, hall, `rows`, seatsPerRow, price) VALUES ?', [rows]),
    platform.databaseName('book'),
  );
}

/** Hands out each seat of the bench screenings once, in order. */
export class SeatSequence {
  constructor(screenings) {
    this.capacity = screenings * SEATS_PER_SCREENING;
    this.next = 0;
  }

  take() {
    if (this.next >= this.capacity) throw new Error(`all ${this.capacity} bench seats are taken; add screenings`);
    const n = this.next++;
    const screening = Math.floor(n / SEATS_PER_SCREENING) + 1;
    const inHall = n % SEATS_PER_SCREENING;
    const seat = `${Math.floor(inHall / HALL.seatsPerRow) + 1}${LETTERS[inHall % HALL.seatsPerRow]}`;
    return { screeningId: `bench-${screening}`, seat };
  }

  /** A one-seat booking request body for the next free seat. */
  bookingBody() {
    const { screeningId, seat } = this.take();
    return JSON.stringify({ qty: 1, movieName: 'soul', screeningId, seat, totalPrice: SEAT_PRICE });
  }
}

/** A function that books the next seat through the gateway and resolves with the answer's status and time. */
export function seatBooker(platform, seats, headers = {}) {
  return async () => {
    const sent = performance.now();
    const response = await fetch(`${platform.gateway}/books`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: seats.bookingBody(),
    });
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - sent };
  };
}

/** Sends `count` bookings, `connections` at a time, and resolves with their answers; onAnswer(done) after each. */
export async function bookMany(book, { count, connections, onAnswer = () => {} }) {
  const answers = [];
  let sent = 0;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (sent < count) {
      sent++;
      answers.push(await book());
      onAnswer(answers.length);
    }
  }));
  return answers;
}
