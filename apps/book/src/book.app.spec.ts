import { setTimeout as sleep } from 'node:timers/promises';
import { BookingStatus } from '@movie/contracts';
import { SettlePendingService } from './commands/settle-pending/settle-pending.service';
import { BookingRepository } from './database/booking.repository';
import { BookHarness } from './testing/book-harness';

const original = { qty: 2, movieName: 'soul', seat: '1A,2B', totalPrice: 10000 };

describe('book app', () => {
  let book: BookHarness;

  beforeEach(async () => {
    book = await new BookHarness().start();
  });
  afterEach(() => book.stop());

  it('lists the seeded movies with soul at 5000 a seat', async () => {
    const { status, body } = await book.call('GET', '/movies');
    expect(status).toBe(200);
    const soul = body.find((movie: any) => movie.name === 'soul');
    expect(soul.screenings[0]).toMatchObject({ id: 'soul-1', price: 5000 });
  });

  it("books the original system's request, pays for it and records BookingConfirmed", async () => {
    const { status, body } = await book.call('POST', '/books', original, { 'x-customer-id': 'alice' });
    expect(status).toBe(201);
    expect(body).toMatchObject({
      customerId: 'alice', movieName: 'soul', screeningId: 'soul-1', seats: ['1A', '2B'], seat: '1A,2B', qty: 2,
      totalPrice: 10000, status: BookingStatus.BOOKED, statusLabel: 'booked',
    });
    expect(book.payment.requests[0].body).toEqual({ bookingId: body.id, customerId: 'alice', amount: 10000 });
    expect(body.paymentId).toBe(book.payment.payments.get(body.id)!.paymentId);

    const events = await book.outbox();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'BookingConfirmed', key: body.id, body: { payload: { bookingId: body.id, seats: ['1A', '2B'] } } });

    const seats = await book.call('GET', '/screenings/soul-1/seats');
    expect(seats.body.taken).toEqual(['1A', '2B']);
    expect((await book.call('GET', `/books/${body.id}`)).body.status).toBe(1);
    expect((await book.call('GET', '/books?customerId=alice')).body.map((b: any) => b.id)).toEqual([body.id]);
  });

  it.each([
    [{ ...original, totalPrice: 9000 }, 'totalPrice 9000 is wrong: 2 seat(s) at 5000 cost 10000'],
    [{ ...original, qty: 3 }, 'qty is 3 but 2 seat(s) are listed'],
    [{ ...original, seat: '1A,99Z' }, '99Z is not in this hall'],
    [{ ...original, movieName: 'nosuchmovie' }, 'movie "nosuchmovie" is not showing'],
    [{ qty: 2, seat: '1A,2B' }, 'without movieName or screeningId'],
    [{ ...original, seat: 'front row' }, 'seat must list seats'],
    [{ ...original, qty: 'two' }, 'qty must be an integer'],
    [{ ...original, extra: true }, 'property extra should not exist'],
    ['{"qty":', 'JSON'],
  ])('answers 400 with a reason and writes nothing for %p', async (request, message) => {
    const { status, body } = await book.call('POST', '/books', request);
    expect(status).toBe(400);
    expect(JSON.stringify(body).replace(/\\"/g, `"`)).toContain(message);
    expect(book.payment.requests).toHaveLength(0);
    expect(await book.outbox()).toHaveLength(0);
  });

  it.each(['/books', '/holds'])('answers POST %s for a customer id longer than the columns keep with 400, before payment is asked', async (path) => {
    const { status, body } = await book.call('POST', path, original, { 'x-customer-id': 'c'.repeat(65) });
    expect([status, body.code]).toEqual([400, 'INVALID_CUSTOMER_ID']);
    expect(book.payment.requests).toHaveLength(0);
    expect(await book.outbox()).toHaveLength(0);
    expect((await book.call('POST', path, original, { 'x-customer-id': 'c'.repeat(64) })).status).toBe(201);
  });

  it('sells seats booked without a hold with no updates of hold marks they never had', async () => {
    const sellSeats = jest.spyOn(BookingRepository.prototype, 'sellSeats');
    try {
      const { status } = await book.call('POST', '/books', original, { 'x-customer-id': 'alice' });

      expect(status).toBe(201);
      expect(sellSeats).not.toHaveBeenCalled();
      expect((await book.call('GET', '/screenings/soul-1/seats')).body.taken).toEqual(['1A', '2B']);
    } finally {
      sellSeats.mockRestore();
    }
  });

  it('refuses a taken seat with 409 naming it', async () => {
    expect((await book.call('POST', '/books', original)).status).toBe(201);
    const { status, body } = await book.call('POST', '/books', { qty: 2, movieName: 'soul', seat: '3C,2B' });
    expect(status).toBe(409);
    expect(body).toMatchObject({ code: 'SEAT_ALREADY_TAKEN' });
    expect(body.message).toMatch(/^seat 2B is already taken/);
    expect((await book.call('GET', '/screenings/soul-1/seats')).body.taken).toEqual(['1A', '2B']);
  });

  it('sells a seat once when many ask at the same time', async () => {
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => book.call('POST', '/books', { qty: 1, movieName: 'soul', seat: '5E' }, { 'x-customer-id': `c${i}` })),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(29);
  });

  it('answers 402 on a decline, books nothing and frees the seats', async () => {
    book.payment.mode = 'decline';
    const { status, body } = await book.call('POST', '/books', original);
    expect(status).toBe(402);
    expect(body.message).toContain('payment declined, nothing was booked');
    expect((await book.call('GET', '/screenings/soul-1/seats')).body.taken).toEqual([]);
    expect(await book.outbox()).toHaveLength(0);
  });

  it('answers 503 with Retry-After when payment times out, frees the seats and voids the late charge', async () => {
    book.payment.mode = 'slow';
    book.payment.slowMs = 2500;
    const { status, headers, body } = await book.call('POST', '/books', original);
    expect(status).toBe(503);
    expect(['2', '3', '4']).toContain(headers.get('retry-after'));
    expect(body.message).toContain('try again shortly');
    expect((await book.call('GET', '/screenings/soul-1/seats')).body.taken).toEqual([]);
    // The charge that arrived after book gave up is refunded.
    await sleep(800);
    const bookingId = book.payment.requests[0].body.bookingId;
    expect(book.payment.calls('/payments/voids')).toBeGreaterThanOrEqual(1);
    // Either the void came first (tombstone: the late charge is refused) or it refunded the charge.
    expect(book.payment.payments.get(bookingId)?.status ?? 'never charged').not.toBe('APPROVED');
    expect(await book.outbox()).toHaveLength(0);
  });

  it('opens the breaker when payment is down and then answers 503 at once without writing', async () => {
    book.payment.mode = 'down';
    for (let i = 0; i < 3; i++) expect((await book.call('POST', '/books', original)).status).toBe(503);
    const calls = book.payment.calls('/payments');
    const started = Date.now();
    const { status, headers } = await book.call('POST', '/books', original);
    expect(status).toBe(503);
    expect(Number(headers.get('retry-after'))).toBeGreaterThanOrEqual(60);
    expect(Number(headers.get('retry-after'))).toBeLessThanOrEqual(120);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(book.payment.calls('/payments')).toBe(calls);
    const ready = await book.call('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(JSON.stringify(ready.body)).toContain('"breaker":"open"');
  });

  it('cancels before printing, frees the seats and records BookingCancelled; refuses after printing', async () => {
    const booked = (await book.call('POST', '/books', original, { 'x-customer-id': 'alice' })).body;
    expect((await book.call('DELETE', `/books/${booked.id}`, undefined, { 'x-customer-id': 'mallory' })).status).toBe(404);
    const cancelled = await book.call('DELETE', `/books/${booked.id}`, undefined, { 'x-customer-id': 'alice' });
    expect(cancelled.body).toMatchObject({ status: BookingStatus.CANCELLED, statusLabel: 'cancelled' });
    expect((await book.call('DELETE', `/books/${booked.id}`)).status).toBe(200);
    expect((await book.outbox()).map((e) => e.type)).toEqual(['BookingConfirmed', 'BookingCancelled']);
    expect((await book.call('GET', '/screenings/soul-1/seats')).body.taken).toEqual([]);
    const print = await book.call('POST', `/internal/books/${booked.id}/ticket-printed`);
    expect(print).toMatchObject({ status: 409, body: { code: 'BOOKING_CANCELLED' } });

    const other = (await book.call('POST', '/books', { qty: 1, movieName: 'soul', seat: '7G' })).body;
    expect((await book.call('POST', `/internal/books/${other.id}/ticket-printed`)).body.status).toBe(BookingStatus.TICKET_PRINTED);
    const refused = await book.call('DELETE', `/books/${other.id}`);
    expect(refused).toMatchObject({ status: 409, body: { code: 'TICKET_ALREADY_PRINTED' } });
  });

  it('sends BookingTicketPrinted once when it accepts a print, also when asked again', async () => {
    const booked = (await book.call('POST', '/books', { qty: 1, movieName: 'soul', seat: '8H' }, { 'x-customer-id': 'alice' })).body;

    for (let i = 0; i < 2; i++) expect((await book.call('POST', `/internal/books/${booked.id}/ticket-printed`)).status).toBe(200);

    const events = (await book.outbox()).filter((event) => event.key === booked.id);
    expect(events.map((event) => event.type)).toEqual(['BookingConfirmed', 'BookingTicketPrinted']);
    expect(events[1].body.payload).toEqual({ bookingId: booked.id, customerId: 'alice', printedAt: expect.any(String) });
  });

  it('lets exactly one of print and cancel win when they race', async () => {
    for (let round = 0; round < 20; round++) {
      const booked = (await book.call('POST', '/books', { qty: 1, movieName: 'inception', seat: `${(round % 10) + 1}${'ABCDEFGHIJKL'[Math.floor(round / 10)]}` })).body;
      const [print, cancel] = await Promise.all([
        book.call('POST', `/internal/books/${booked.id}/ticket-printed`),
        book.call('DELETE', `/books/${booked.id}`),
      ]);
      expect([print.status, cancel.status].sort()).toEqual([200, 409]);
      const final = (await book.call('GET', `/books/${booked.id}`)).body.status;
      expect(final).toBe(print.status === 200 ? BookingStatus.TICKET_PRINTED : BookingStatus.CANCELLED);
    }
  });
});

describe('book app after a crash', () => {
  let book: BookHarness;
  beforeEach(async () => {
    book = await new BookHarness().start({ BOOK_PENDING_STALE_MS: '100' });
  });
  afterEach(() => book.stop());

  /** What a crash between taking the seats and hearing from payment leaves behind. */
  async function leftPending(id: string, seat: string): Promise<void> {
    const { BookingRepository } = await import('./database/booking.repository');
    const { Booking } = await import('./domain/booking');
    const booking = Booking.start({
      id, customerId: 'alice', movieId: 'soul', movieName: 'soul', screeningId: 'soul-1', startsAt: '2030-01-01T10:00:00.000Z',
      seats: [seat], totalPrice: 5000,
    });
    await book.dataSource.transaction((manager) => new BookingRepository().insertWithSeats(manager, booking));
    await sleep(120);
  }

  it('confirms a pending booking that payment approved, with its event', async () => {
    const id = '0b7d6c36-58a4-4d0b-8a39-1f3a3a3d1a01';
    await leftPending(id, '4D');
    book.payment.payments.set(id, { paymentId: 'pay-9', bookingId: id, amount: 5000, status: 'APPROVED' });
    expect(await book.app.get(SettlePendingService).settle()).toBe(1);
    expect((await book.call('GET', `/books/${id}`)).body).toMatchObject({ status: BookingStatus.BOOKED, paymentId: 'pay-9' });
    expect((await book.outbox()).map((e) => e.type)).toEqual(['BookingConfirmed']);
  });

  it('releases a pending booking payment never charged, then voids it, and frees the seat', async () => {
    const id = '0b7d6c36-58a4-4d0b-8a39-1f3a3a3d1a02';
    await leftPending(id, '4E');
    // Released before the void: a booking request that confirmed it in between would keep its payment.
    let statusAtVoid: number | undefined;
    book.payment.onVoid = async (bookingId) => void (statusAtVoid = (await book.call('GET', `/books/${bookingId}`)).body.status);
    expect(await book.app.get(SettlePendingService).settle()).toBe(1);
    expect(statusAtVoid).toBe(BookingStatus.RELEASED);
    expect((await book.call('GET', `/books/${id}`)).body.status).toBe(BookingStatus.RELEASED);
    expect(book.payment.voided.has(id)).toBe(true);
    expect((await book.call('GET', '/screenings/soul-1/seats')).body.taken).toEqual([]);
    expect(await book.outbox()).toHaveLength(0);
  });

  it('answers 201 and keeps the payment when the reconciler booked the booking while payment was answering', async () => {
    book.payment.mode = 'late';
    book.payment.slowMs = 800;
    const answer = book.call('POST', '/books', { qty: 1, movieName: 'soul', seat: '4G' }, { 'x-customer-id': 'alice' });
    while (book.payment.payments.size === 0) await sleep(10);
    await sleep(150); // the booking is pending past the 100 ms the reconciler waits, its charge recorded, the answer on its way
    expect(await book.app.get(SettlePendingService).settle()).toBe(1);

    const { status, body } = await answer;

    expect([status, body.status]).toEqual([201, BookingStatus.BOOKED]);
    expect([...book.payment.payments.values()].map((payment) => payment.status)).toEqual(['APPROVED']);
    await sleep(100);
    expect(book.payment.calls('/payments/voids')).toBe(0);
  });

  it('leaves a pending booking alone while payment cannot be asked, and settles it later', async () => {
    const id = '0b7d6c36-58a4-4d0b-8a39-1f3a3a3d1a03';
    await leftPending(id, '4F');
    await book.payment.stop();
    expect(await book.app.get(SettlePendingService).settle()).toBe(0);
    expect((await book.call('GET', `/books/${id}`)).body.status).toBe(BookingStatus.PENDING);
  });
});
