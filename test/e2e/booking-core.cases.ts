import { setTimeout as sleep } from 'node:timers/promises';
import { get, post, request } from '../support/http';
import { Platform } from '../support/platform';

const original = { qty: 2, movieName: 'soul', seat: '1A,2B', totalPrice: 10000 };

/**
 * Issue 2's behaviour, through the gateway, shared by the embedded (SQLite, one process)
 * and the distributed (MariaDB, Kafka, one process per app) runs.
 */
export function bookingCoreCases(platform: () => Platform): void {
  const gateway = () => platform().gateway;
  const faults = (body: unknown) => request('PUT', `${platform().url('payment')}/internal/faults`, body);

  it("books the original system's request through the gateway, paid, status 1", async () => {
    const booked = await post(`${gateway()}/books`, original);
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ movieName: 'soul', seats: ['1A', '2B'], totalPrice: 10000, status: 1, statusLabel: 'booked' });
    const payment = await get(`${gateway()}/payments?bookingId=${booked.body.id}`);
    expect(payment.body).toMatchObject({ paymentId: booked.body.paymentId, amount: 10000, status: 'APPROVED' });
    expect((await get(`${gateway()}/books/${booked.body.id}`)).body.status).toBe(1);
    const seats = await get(`${gateway()}/screenings/soul-1/seats`);
    expect(seats.body.taken).toEqual(expect.arrayContaining(['1A', '2B']));
  });

  it('answers 400 saying what is wrong, and 409 naming a taken seat', async () => {
    const price = await post(`${gateway()}/books`, { ...original, seat: '3A,3B', totalPrice: 1 });
    expect(price).toMatchObject({ status: 400, body: { code: 'PRICE_MISMATCH' } });
    const outside = await post(`${gateway()}/books`, { ...original, seat: '3A,30B' });
    expect(outside.status).toBe(400);
    expect(outside.body.message).toContain('30B is not in this hall');
    const taken = await post(`${gateway()}/books`, { ...original, seat: '3A,2B' });
    expect(taken).toMatchObject({ status: 409, body: { code: 'SEAT_ALREADY_TAKEN' } });
    expect(taken.body.message).toContain('seat 2B is already taken');
    expect((await get(`${gateway()}/screenings/soul-1/seats`)).body.taken).not.toContain('3A');
  });

  it('sells a seat once to 200 concurrent buyers', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        post(`${gateway()}/books`, { qty: 1, movieName: 'parasite', seat: '9L' }, { 'x-customer-id': `buyer-${i}` }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(199);
    const winner = answers.find((a) => a.status === 201)!.body;
    const seats = await get(`${gateway()}/screenings/parasite-1/seats`);
    expect(seats.body.taken).toEqual(['9L']);
    expect((await get(`${gateway()}/payments?bookingId=${winner.id}`)).body.status).toBe('APPROVED');
  });

  it('answers 503 with Retry-After when payment is slow, books nothing, opens the breaker, and recovers', async () => {
    expect((await faults({ delayMs: 1500 })).status).toBe(200);
    try {
      const slow = await post(`${gateway()}/books`, { qty: 1, movieName: 'inception', seat: '1A' });
      expect(slow.status).toBe(503);
      expect(Number(slow.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(slow.body.message).toContain('try again shortly');
      // Up to the breaker's threshold, then answers without waiting on payment.
      for (let i = 0; i < 3; i++) await post(`${gateway()}/books`, { qty: 1, movieName: 'inception', seat: '1A' });
      const started = Date.now();
      const open = await post(`${gateway()}/books`, { qty: 1, movieName: 'inception', seat: '1A' });
      expect(open.status).toBe(503);
      expect(open.body.message).toContain('breaker open');
      expect(Date.now() - started).toBeLessThan(500);
      expect((await get(`${gateway()}/screenings/inception-1/seats`)).body.taken).toEqual([]);
    } finally {
      await faults({ delayMs: 0, failureRate: 0 });
    }
    // After the open period one trial call goes through and closes the breaker.
    await sleep(2100);
    const again = await post(`${gateway()}/books`, { qty: 1, movieName: 'inception', seat: '1A' });
    expect(again.status).toBe(201);
  });

  it('leaves no charge standing for a booking that did not stand', async () => {
    await faults({ delayMs: 900 });
    try {
      const answer = await post(`${gateway()}/books`, { qty: 1, movieName: 'inception', seat: '2A' }, { 'x-customer-id': 'late-payer' });
      expect(answer.status).toBe(503);
    } finally {
      await faults({ delayMs: 0 });
    }
    const bookings = await get(`${gateway()}/books`, { 'x-customer-id': 'late-payer' });
    const released: string[] = bookings.body.filter((b: any) => b.status === 8).map((b: any) => b.id);
    expect(released).toHaveLength(1);
    // The charge payment made after book gave up was refused (tombstone) or refunded.
    await sleep(1500);
    const payment = await get(`${gateway()}/payments?bookingId=${released[0]}`);
    expect(payment.status === 404 || payment.body.status === 'REFUNDED').toBe(true);
  });
}
