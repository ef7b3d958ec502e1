import { DataSource } from 'typeorm';
import { eventually, get, post, request } from '../support/http';
import { Platform } from '../support/platform';
import { bookingCoreCases } from './booking-core.cases';

/** `npm start`'s shape: every app in one process on SQLite with the in-memory bus. */
describe('booking core, embedded (SQLite, one process)', () => {
  const platform = new Platform({
    suite: 'core-embedded',
    mode: 'embedded',
    basePort: 18100,
    database: 'sqlite',
    messaging: 'memory',
    env: { BOOK_BREAKER_THRESHOLD: '3', BOOK_BREAKER_OPEN_MS: '2000', MYPAGE_ADMIN_TOKEN: 'e2e-admin' },
  });

  beforeAll(async () => {
    await platform.resetDatabases();
    await platform.start();
  });
  afterAll(() => platform.stopAll());

  bookingCoreCases(() => platform);

  describe('my page rebuild across a restart', () => {
    const customer = { 'x-customer-id': 'rebuild-after-restart' };
    const rebuild = () => request('POST', `${platform.url('mypage')}/mypages/rebuild`, undefined, { 'x-admin-token': 'e2e-admin' });
    const page = async () => (await get(`${platform.gateway}/mypages`, customer)).body;

    it('rebuilds from the bus while the process holds the whole history', async () => {
      const booked = await post(`${platform.gateway}/books`, { qty: 1, screeningId: 'inception-2', seat: '9L' }, customer);
      expect(booked.status).toBe(201);
      await eventually(async () => ((await page()).total === 1 ? true : undefined), 30_000, 'the booking on my page');
      const before = await page();

      const rebuilt = await rebuild();

      expect(rebuilt.status).toBe(200);
      expect(await page()).toEqual(before);
    });

    it('rebuilds after a restart too: the bus starts empty, and each outbox sends its history again', async () => {
      const before = await page();
      await platform.stop('embedded');
      await platform.start();

      // Until the relays have sent the history again, the rebuild refuses (409) and changes nothing.
      const rebuilt = await eventually(async () => {
        const answer = await rebuild();
        return answer.status === 409 ? undefined : answer;
      }, 30_000, 'a rebuild that finds the whole history');

      expect(rebuilt.status).toBe(200);
      expect(await page()).toEqual(before);
      expect(before.total).toBe(1);
    });

    it('brings to my page, after a restart, events it never applied before the last process stopped', async () => {
      const before = await page();
      await platform.stop('embedded');
      // As if my page's consumer had not read the booking's events when the process stopped.
      const mypage = await new DataSource({ type: 'better-sqlite3', database: platform.databaseUrl('mypage').slice('sqlite:'.length) }).initialize();
      const booking = (before.items as { bookingId: string }[])[0].bookingId;
      await mypage.query('DELETE FROM my_booking_history WHERE bookingId = ?', [booking]);
      await mypage.query('DELETE FROM my_booking WHERE bookingId = ?', [booking]);
      await mypage.destroy();
      await platform.start();

      const after = await eventually(async () => {
        const now = await page();
        return now.total === 1 ? now : undefined;
      }, 30_000, 'the booking back on my page');

      expect(after).toEqual(before);
    });
  });
});
