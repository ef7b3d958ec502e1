import { eventually, get, post, request } from '../support/http';
import { Platform } from '../support/platform';

const HOLD_TTL_MS = 4000;

/**
 * Issue 8 on production's shape (a process per app, MariaDB, Kafka), through the gateway:
 * seat holds with expiry, idempotent requests, and payments whose outcome is unknown.
 */
describe('holds, idempotency keys and unknown payment outcomes (MariaDB, Kafka, a process per app)', () => {
  const platform = new Platform({
    suite: 'holds-idempotency',
    mode: 'distributed',
    basePort: 18700,
    database: 'mysql',
    messaging: 'kafka',
    env: {
      BOOK_HOLD_TTL_MS: String(HOLD_TTL_MS),
      BOOK_HOLD_SWEEP_INTERVAL_MS: '300',
      BOOK_UNKNOWN_RESOLVE_MS: '1000',
      // Timeouts are the point of the last test: keep calling payment rather than failing fast.
      BOOK_BREAKER_THRESHOLD: '1000',
    },
  });
  const gateway = () => platform.gateway;
  const as = (customerId: string) => ({ 'x-customer-id': customerId });

  beforeAll(async () => {
    await platform.resetDatabases();
    await platform.start();
  });
  afterAll(() => platform.stopAll());

  describe('seat holds', () => {
    it('holds seats, shows them taken to others, and frees them when the hold expires', async () => {
      const hold = await post(`${gateway()}/holds`, { qty: 2, movieName: 'soul', seat: '1A,1B', totalPrice: 10000 }, as('holder'));
      expect(hold.status).toBe(201);
      expect(hold.body).toMatchObject({ seats: ['1A', '1B'], totalPrice: 10000, status: 'held', screeningId: 'soul-1' });
      expect((await get(`${gateway()}/screenings/soul-1/seats`)).body.taken).toEqual(['1A', '1B']);
      const refused = await post(`${gateway()}/books`, { qty: 1, movieName: 'soul', seat: '1B' }, as('other'));
      expect(refused).toMatchObject({ status: 409, body: { code: 'SEAT_ALREADY_TAKEN' } });

      await eventually(async () => ((await get(`${gateway()}/holds/${hold.body.holdId}`, as('holder'))).body.status === 'expired' ? true : undefined), 15_000);
      expect((await get(`${gateway()}/screenings/soul-1/seats`)).body.taken).toEqual([]);
      expect((await post(`${gateway()}/books`, { holdId: hold.body.holdId }, as('holder')))).toMatchObject({ status: 409, body: { code: 'HOLD_EXPIRED' } });
      expect((await post(`${gateway()}/books`, { qty: 1, movieName: 'soul', seat: '1B' }, as('other'))).status).toBe(201);
    });

    it('gives one hold to 100 customers asking for the same seat at once, and books it from the hold', async () => {
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) => post(`${gateway()}/holds`, { qty: 1, movieName: 'parasite', seat: '9L' }, as(`rival-${i}`))),
      );
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409)).toHaveLength(99);
      const winner = answers.find((answer) => answer.status === 201)!;
      const booked = await post(`${gateway()}/books`, { holdId: winner.body.holdId }, as(winner.body.customerId));
      expect(booked).toMatchObject({ status: 201, body: { seats: ['9L'], status: 1 } });
      expect((await get(`${gateway()}/payments?bookingId=${booked.body.id}`)).body.status).toBe('APPROVED');
      expect((await get(`${gateway()}/screenings/parasite-1/seats`)).body.taken).toEqual(['9L']);
    });

    it('releases a hold on DELETE /holds/:id', async () => {
      const hold = (await post(`${gateway()}/holds`, { qty: 1, movieName: 'inception', seat: '5E' }, as('leaver'))).body;
      const released = await request('DELETE', `${gateway()}/holds/${hold.holdId}`, undefined, as('leaver'));
      expect(released).toMatchObject({ status: 200, body: { status: 'released' } });
      expect((await get(`${gateway()}/screenings/inception-1/seats`)).body.taken).not.toContain('5E');
    });
  });

  describe('idempotency keys', () => {
    it('gives a retried request with the same key one booking and one charge', async () => {
      const body = { qty: 1, movieName: 'soul', seat: '2C', totalPrice: 5000 };
      const headers = { ...as('retrier'), 'idempotency-key': 'retry-once' };
      const answers = [await post(`${gateway()}/books`, body, headers), ...(await Promise.all(Array.from({ length: 5 }, () => post(`${gateway()}/books`, body, headers))))];
      expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(201));
      expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
      const bookings = (await get(`${gateway()}/books`, as('retrier'))).body;
      expect(bookings).toHaveLength(1);
      const payment = await get(`${gateway()}/payments?bookingId=${bookings[0].id}`);
      expect(payment.body).toMatchObject({ status: 'APPROVED', paymentId: bookings[0].paymentId });
      const reused = await post(`${gateway()}/books`, { ...body, seat: '2D' }, headers);
      expect(reused).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    });
  });

  describe('unknown payment outcome', () => {
    const faults = (body: unknown) => request('PUT', `${platform.url('payment')}/internal/faults`, body);

    it('leaves every booking booked-and-charged or released-and-uncharged-or-refunded after payment was slow past the timeout', async () => {
      const customer = 'unsure';
      const seats = Array.from({ length: 24 }, (_, i) => `${Math.floor(i / 12) + 3}${'ABCDEFGHIJKL'[i % 12]}`);
      const attempt = (seat: string) => post(`${gateway()}/books`, { qty: 1, screeningId: 'inception-2', seat }, { ...as(customer), 'idempotency-key': `unsure-${seat}` });
      // Some charges answer in time, some after book's timeout but within its resolve bound, some after it.
      expect((await faults({ delayMs: [300, 1600] })).status).toBe(200);
      const firstAnswers: number[] = [];
      try {
        for (let i = 0; i < seats.length; i += 6) firstAnswers.push(...(await Promise.all(seats.slice(i, i + 6).map(attempt))).map((a) => a.status));
      } finally {
        await faults({ delayMs: 0 });
      }
      expect(firstAnswers.every((status) => status === 201 || status === 503)).toBe(true);

      // Retrying with the same key gets each booking's final answer once it is known.
      const finalAnswers = await Promise.all(
        seats.map((seat) => eventually(async () => {
          const answer = await attempt(seat);
          return answer.status === 503 && answer.body.code === 'PAYMENT_OUTCOME_UNKNOWN' ? undefined : answer;
        }, 30_000)),
      );
      const bookings: any[] = (await get(`${gateway()}/books`, as(customer))).body;
      expect(bookings).toHaveLength(seats.length);
      const sides = await Promise.all(bookings.map(async (booking) => ({ booking, payment: await get(`${gateway()}/payments?bookingId=${booking.id}`) })));
      const count = (what: (side: (typeof sides)[number]) => boolean) => sides.filter(what).length;
      const counts = {
        bookings: bookings.length,
        firstAnswered201: firstAnswers.filter((s) => s === 201).length,
        firstAnswered503: firstAnswers.filter((s) => s === 503).length,
        bookBooked: count(({ booking }) => booking.status === 1),
        bookReleased: count(({ booking }) => booking.status === 8),
        bookPending: count(({ booking }) => booking.status === 0),
        paymentApproved: count(({ payment }) => payment.status === 200 && payment.body.status === 'APPROVED'),
        paymentRefunded: count(({ payment }) => payment.status === 200 && payment.body.status === 'REFUNDED'),
        paymentNone: count(({ payment }) => payment.status === 404),
        bookedAndCharged: count(({ booking, payment }) => booking.status === 1 && payment.body?.status === 'APPROVED' && payment.body.paymentId === booking.paymentId),
        releasedUncharged: count(({ booking, payment }) => booking.status === 8 && payment.status === 404),
        releasedRefunded: count(({ booking, payment }) => booking.status === 8 && payment.body?.status === 'REFUNDED'),
        retried201: finalAnswers.filter((a) => a.status === 201).length,
        retried503: finalAnswers.filter((a) => a.status === 503).length,
      };
      console.log(`unknown payment outcome, both sides counted: ${JSON.stringify(counts)}`);
      expect(counts.bookedAndCharged + counts.releasedUncharged + counts.releasedRefunded).toBe(seats.length);
      expect(counts.bookPending).toBe(0);
      expect(counts.retried201).toBe(counts.bookBooked);
      expect(counts.retried503).toBe(counts.bookReleased);
    });
  });
});
