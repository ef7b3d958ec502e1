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
    env: { BOOK_HOLD_TTL_MS: String(HOLD_TTL_MS), BOOK_HOLD_SWEEP_INTERVAL_MS: '300' },
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
});
