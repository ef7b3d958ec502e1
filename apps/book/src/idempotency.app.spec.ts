import { setTimeout as sleep } from 'node:timers/promises';
import { BookingStatus } from '@movie/contracts';
import { IdempotencyRepository } from './idempotency/idempotency.repository';
import { BookHarness } from './testing/book-harness';

const request = { qty: 1, movieName: 'soul', seat: '1A', totalPrice: 5000 };
const keyed = (key: string, customer = 'alice') => ({ 'x-customer-id': customer, 'idempotency-key': key });

async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

describe('book app: Idempotency-Key', () => {
  let book: BookHarness;
  beforeEach(async () => {
    book = await new BookHarness().start({ BOOK_UNKNOWN_RESOLVE_MS: '1500' });
  });
  afterEach(() => book.stop());
  const charges = () => book.payment.requests.filter((sent) => sent.method === 'POST' && sent.url === '/payments').length;

  it('answers a retry with the same key and body with the first booking, charged once', async () => {
    const first = await book.call('POST', '/books', request, keyed('k-1'));
    const again = await book.call('POST', '/books', request, keyed('k-1'));
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 201, body: { id: first.body.id, status: BookingStatus.BOOKED } });
    expect(charges()).toBe(1);
    expect(book.payment.requests[0].headers['idempotency-key']).toBe(first.body.id);
  });

  it('gives concurrent duplicates one booking and one charge', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => book.call('POST', '/books', request, keyed('k-race'))));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(charges()).toBe(1);
  });

  it('refuses the same key for a different request with 422', async () => {
    await book.call('POST', '/books', request, keyed('k-2'));
    const other = await book.call('POST', '/books', { ...request, seat: '1B' }, keyed('k-2'));
    expect(other).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });
    // Keys are the customer's own: another customer's same key is a new request.
    expect((await book.call('POST', '/books', { ...request, seat: '1B' }, keyed('k-2', 'bob'))).status).toBe(201);
  });

  it('replays a decline without asking payment again, but runs again after a 503 that decided nothing', async () => {
    book.payment.mode = 'decline';
    expect((await book.call('POST', '/books', request, keyed('k-3'))).status).toBe(402);
    book.payment.mode = 'approve';
    expect((await book.call('POST', '/books', request, keyed('k-3'))).status).toBe(402);
    expect(charges()).toBe(1);

    book.payment.failFirst = 2;
    expect((await book.call('POST', '/books', { ...request, seat: '2A' }, keyed('k-4'))).status).toBe(503);
    expect((await book.call('POST', '/books', { ...request, seat: '2A' }, keyed('k-4'))).status).toBe(201);
  });

  it('keeps a key whose booking was paid when the request then failed, and answers a retry with that booking', async () => {
    // The booking stood and was charged; then storing the answer failed (a lost connection, say).
    const store = jest.spyOn(IdempotencyRepository.prototype, 'store').mockRejectedValueOnce(new Error('connection lost'));
    const failed = await book.call('POST', '/books', request, keyed('k-lost'));
    store.mockRestore();

    const retry = await book.call('POST', '/books', request, keyed('k-lost'));

    expect(failed.status).toBe(500);
    expect(retry).toMatchObject({ status: 201, body: { seats: ['1A'], status: BookingStatus.BOOKED } });
    expect(charges()).toBe(1);
  });

  it('replays a cancel and a hold', async () => {
    const booked = (await book.call('POST', '/books', request, keyed('k-5'))).body;
    const cancelled = await book.call('DELETE', `/books/${booked.id}`, undefined, keyed('k-6'));
    expect(cancelled).toMatchObject({ status: 200, body: { status: BookingStatus.CANCELLED } });
    expect(await book.call('DELETE', `/books/${booked.id}`, undefined, keyed('k-6'))).toMatchObject({ status: 200, body: { id: booked.id } });
    const hold = await book.call('POST', '/holds', { qty: 1, movieName: 'soul', seat: '3A' }, keyed('k-7'));
    const again = await book.call('POST', '/holds', { qty: 1, movieName: 'soul', seat: '3A' }, keyed('k-7'));
    expect(again).toMatchObject({ status: 201, body: { holdId: hold.body.holdId } });
  });

  it('keeps the booking pending when payment times out, then books it once payment is found to have charged', async () => {
    book.payment.mode = 'slow';
    book.payment.slowMs = 2000;
    const first = await book.call('POST', '/books', request, keyed('k-8'));
    expect(first).toMatchObject({ status: 503, body: { code: 'PAYMENT_OUTCOME_UNKNOWN' } });
    expect(['2', '3', '4']).toContain(first.headers.get('retry-after'));
    expect((await book.call('GET', '/screenings/soul-1/seats')).body.taken).toEqual(['1A']);
    const bookingId = book.payment.requests[0].body.bookingId;
    expect((await book.call('GET', `/books/${bookingId}`)).body.status).toBe(BookingStatus.PENDING);

    await eventually(async () => ((await book.call('GET', `/books/${bookingId}`)).body.status === BookingStatus.BOOKED ? true : undefined));
    const retry = await book.call('POST', '/books', request, keyed('k-8'));
    expect(retry).toMatchObject({ status: 201, body: { id: bookingId, status: BookingStatus.BOOKED } });
    expect(charges()).toBe(1);
    expect((await book.outbox()).map((event) => event.type)).toEqual(['BookingConfirmed']);
  });

  it('voids and releases a booking whose payment stays unknown past the bound, and says so on retry', async () => {
    book.payment.mode = 'slow';
    book.payment.slowMs = 5000;
    expect((await book.call('POST', '/books', request, keyed('k-9'))).status).toBe(503);
    const bookingId = book.payment.requests[0].body.bookingId;
    // The resolver releases the booking first and voids its payment after (whoever releases voids).
    await eventually(async () => ((await book.call('GET', `/books/${bookingId}`)).body.status === BookingStatus.RELEASED ? true : undefined));
    await eventually(async () => (book.payment.voided.has(bookingId) ? true : undefined));
    expect((await book.call('GET', '/screenings/soul-1/seats')).body.taken).toEqual([]);
    const retry = await book.call('POST', '/books', request, keyed('k-9'));
    expect(retry).toMatchObject({ status: 503, body: { code: 'PAYMENT_UNAVAILABLE' } });
    expect(retry.body.message).toMatch(/was not paid: .*try again shortly, with a new Idempotency-Key$/);
    expect(['2', '3', '4']).toContain(retry.headers.get('retry-after'));
    expect(charges()).toBe(1);
  });

  describe('a key whose first request died before taking the seats', () => {
    const abandoned = async (key: string, age: number) => {
      // The hash of this body, from a first request that payment declined (stored as 402, nothing booked).
      book.payment.mode = 'decline';
      expect((await book.call('POST', '/books', request, keyed(`probe-${key}`))).status).toBe(402);
      book.payment.mode = 'approve';
      const [probe] = await book.dataSource.query('SELECT requestHash FROM idempotency_key WHERE idempotencyKey = ?', [`probe-${key}`]);
      const claimedAt = new Date(Date.now() - age).toISOString();
      await book.dataSource.query(
        'INSERT INTO idempotency_key (customerId, idempotencyKey, requestHash, statusCode, responseBody, bookingId, createdAt) VALUES (?, ?, ?, NULL, NULL, NULL, ?)',
        ['alice', key, probe.requestHash, claimedAt],
      );
      return claimedAt;
    };

    it('is taken over by a retry once the claim is 30 s old, which books once', async () => {
      await abandoned('k-dead', 60_000);

      const retry = await book.call('POST', '/books', request, keyed('k-dead'));
      const again = await book.call('POST', '/books', request, keyed('k-dead'));

      expect(retry).toMatchObject({ status: 201, body: { status: BookingStatus.BOOKED } });
      expect(again.body.id).toBe(retry.body.id);
      expect(charges()).toBe(2); // the declined probe, and this booking once
    });

    it('is answered 409 IN_PROGRESS while the claim is young, since its request may still be running', async () => {
      await abandoned('k-young', 1_000);

      const retry = await book.call('POST', '/books', request, keyed('k-young'));

      expect(retry).toMatchObject({ status: 409, body: { code: 'IDEMPOTENCY_IN_PROGRESS' } });
      expect((await book.call('GET', '/screenings/soul-1/seats')).body.taken).toEqual([]);
    });

    it('cannot be linked to a booking by the request that lost its claim', async () => {
      const claimedAt = await abandoned('k-stale', 60_000);
      const keys = new IdempotencyRepository();
      const stale = { customerId: 'alice', idempotencyKey: 'k-stale', claimedAt };

      expect(await keys.takeOver(book.dataSource.manager, stale, new Date())).toBe(true);
      await expect(keys.linkBooking(book.dataSource.manager, stale, 'a-booking')).rejects.toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
      expect(await keys.takeOver(book.dataSource.manager, stale, new Date())).toBe(false);
    });
  });
});
