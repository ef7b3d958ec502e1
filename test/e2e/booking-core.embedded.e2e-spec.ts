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

    it('refuses a rebuild after a restart, whose bus starts empty, and keeps my page', async () => {
      const before = await page();
      await platform.stop('embedded');
      await platform.start();

      const refused = await rebuild();

      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'EVENT_LOG_INCOMPLETE', message: expect.stringContaining('a rebuild would drop them') });
      expect(await page()).toEqual(before);
      expect(before.total).toBe(1);
    });
  });
});
