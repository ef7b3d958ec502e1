import { setTimeout as sleep } from 'node:timers/promises';
import { BookingStatus } from '@movie/contracts';
import { ExpireHoldsService } from './commands/expire-holds/expire-holds.service';
import { BookHarness } from './testing/book-harness';

const alice = { 'x-customer-id': 'alice' };
const bob = { 'x-customer-id': 'bob' };

describe('book app: seat holds', () => {
  let book: BookHarness;
  const taken = async (screening = 'soul-1') => (await book.call('GET', `/screenings/${screening}/seats`)).body.taken;

  afterEach(() => book.stop());

  describe('with the default expiry', () => {
    beforeEach(async () => {
      book = await new BookHarness().start();
    });

    it('holds seats for five minutes, shows them taken and refuses them to others with 409', async () => {
      const started = Date.now();
      const hold = await book.call('POST', '/holds', { qty: 2, movieName: 'soul', seat: '1A,2B', totalPrice: 10000 }, alice);
      expect(hold.status).toBe(201);
      expect(hold.body).toMatchObject({ customerId: 'alice', screeningId: 'soul-1', seats: ['1A', '2B'], totalPrice: 10000, status: 'held' });
      expect(Date.parse(hold.body.expiresAt) - started).toBeGreaterThanOrEqual(299_000);
      expect(await taken()).toEqual(['1A', '2B']);
      const sale = await book.call('POST', '/books', { qty: 1, movieName: 'soul', seat: '2B' }, bob);
      expect(sale).toMatchObject({ status: 409, body: { code: 'SEAT_ALREADY_TAKEN' } });
      const second = await book.call('POST', '/holds', { qty: 1, movieName: 'soul', seat: '1A' }, bob);
      expect(second).toMatchObject({ status: 409, body: { code: 'SEAT_ALREADY_TAKEN' } });
      expect(book.payment.requests).toHaveLength(0);
    });

    it('books from a hold: the seats come from it, payment is charged once and the hold is booked', async () => {
      const hold = (await book.call('POST', '/holds', { qty: 2, screeningId: 'soul-2', seat: '3C,3D' }, alice)).body;
      const booked = await book.call('POST', '/books', { holdId: hold.holdId }, alice);
      expect(booked.status).toBe(201);
      expect(booked.body).toMatchObject({ screeningId: 'soul-2', seats: ['3C', '3D'], totalPrice: 10000, status: BookingStatus.BOOKED });
      expect(book.payment.calls('/payments')).toBe(1);
      const after = (await book.call('GET', `/holds/${hold.holdId}`, undefined, alice)).body;
      expect(after).toMatchObject({ status: 'booked', bookingId: booked.body.id });
      expect(await taken('soul-2')).toEqual(['3C', '3D']);
      const again = await book.call('POST', '/books', { holdId: hold.holdId }, alice);
      expect(again).toMatchObject({ status: 409, body: { code: 'HOLD_IN_USE' } });
    });

    it("answers 404 for another customer's hold and 400 when the request disagrees with the hold", async () => {
      const hold = (await book.call('POST', '/holds', { qty: 1, movieName: 'soul', seat: '4A' }, alice)).body;
      expect((await book.call('POST', '/books', { holdId: hold.holdId }, bob))).toMatchObject({ status: 404, body: { code: 'HOLD_NOT_FOUND' } });
      const mismatch = await book.call('POST', '/books', { holdId: hold.holdId, qty: 1, seat: '4B' }, alice);
      expect(mismatch).toMatchObject({ status: 400, body: { code: 'HOLD_MISMATCH' } });
      expect(book.payment.requests).toHaveLength(0);
    });

    it('gives the seats back to the hold when payment declines, without extending it again', async () => {
      const hold = (await book.call('POST', '/holds', { qty: 1, movieName: 'soul', seat: '5A' }, alice)).body;
      book.payment.mode = 'decline';
      expect((await book.call('POST', '/books', { holdId: hold.holdId }, alice)).status).toBe(402);
      const held = (await book.call('GET', `/holds/${hold.holdId}`, undefined, alice)).body;
      expect(held).toMatchObject({ status: 'held', bookingId: null });
      expect(held.expiresAt > hold.expiresAt).toBe(true);
      expect(await taken()).toEqual(['5A']);
      book.payment.mode = 'approve';
      expect((await book.call('POST', '/books', { holdId: hold.holdId }, alice)).status).toBe(201);
      expect((await book.call('GET', `/holds/${hold.holdId}`, undefined, alice)).body.expiresAt).toBe(held.expiresAt);
    });

    it('releases a hold on DELETE, answers the same when repeated, and frees the seats', async () => {
      const hold = (await book.call('POST', '/holds', { qty: 1, movieName: 'soul', seat: '6A' }, alice)).body;
      expect((await book.call('DELETE', `/holds/${hold.holdId}`, undefined, bob)).status).toBe(404);
      const released = await book.call('DELETE', `/holds/${hold.holdId}`, undefined, alice);
      expect(released).toMatchObject({ status: 200, body: { status: 'released' } });
      expect((await book.call('DELETE', `/holds/${hold.holdId}`, undefined, alice)).body.status).toBe('released');
      expect(await taken()).toEqual([]);
      expect((await book.call('POST', '/books', { holdId: hold.holdId }, alice))).toMatchObject({ status: 409, body: { code: 'HOLD_EXPIRED' } });
      expect((await book.call('POST', '/books', { qty: 1, movieName: 'soul', seat: '6A' }, bob)).status).toBe(201);
    });

    it('holds a seat once when many ask at the same time', async () => {
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) => book.call('POST', '/holds', { qty: 1, movieName: 'soul', seat: '8H' }, { 'x-customer-id': `c${i}` })),
      );
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 409)).toHaveLength(29);
    });
  });

  describe('with a short expiry', () => {
    beforeEach(async () => {
      book = await new BookHarness().start({ BOOK_HOLD_TTL_MS: '200', BOOK_HOLD_SWEEP_INTERVAL_MS: '3600000' });
    });

    it('frees the seats of an expired hold for the next customer before any sweep', async () => {
      const hold = (await book.call('POST', '/holds', { qty: 1, movieName: 'soul', seat: '7A' }, alice)).body;
      await sleep(250);
      expect(await taken()).toEqual([]);
      expect((await book.call('POST', '/books', { holdId: hold.holdId }, alice))).toMatchObject({ status: 409, body: { code: 'HOLD_EXPIRED' } });
      expect((await book.call('POST', '/books', { qty: 1, movieName: 'soul', seat: '7A' }, bob)).status).toBe(201);
      expect((await book.call('GET', `/holds/${hold.holdId}`, undefined, alice)).body.status).toBe('expired');
    });

    it('sweeps the seats of expired holds on its timer', async () => {
      await book.call('POST', '/holds', { qty: 2, movieName: 'soul', seat: '7B,7C' }, alice);
      await sleep(250);
      expect(await book.app.get(ExpireHoldsService).sweep()).toBe(2);
      expect(await book.app.get(ExpireHoldsService).sweep()).toBe(0);
    });
  });
});
