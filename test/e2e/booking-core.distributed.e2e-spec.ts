import { setTimeout as sleep } from 'node:timers/promises';
import { post } from '../support/http';
import { Platform } from '../support/platform';
import { bookingCoreCases } from './booking-core.cases';

/** Production's shape: one process per app, MariaDB per app, Kafka. */
describe('booking core, distributed (MariaDB, Kafka, a process per app)', () => {
  const platform = new Platform({
    suite: 'core-distributed',
    mode: 'distributed',
    basePort: 18200,
    database: 'mysql',
    messaging: 'kafka',
    env: { BOOK_BREAKER_THRESHOLD: '3', BOOK_BREAKER_OPEN_MS: '2000' },
  });

  beforeAll(async () => {
    await platform.resetDatabases();
    await platform.start();
  });
  afterAll(() => platform.stopAll());

  bookingCoreCases(() => platform);

  it('answers 503 while payment is down and books again once it is back', async () => {
    await platform.stop('payment');
    const down = await post(`${platform.gateway}/books`, { qty: 1, movieName: 'parasite', seat: '5E' });
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).not.toBeNull();
    await platform.start(['payment']);
    await sleep(2100);
    const back = await post(`${platform.gateway}/books`, { qty: 1, movieName: 'parasite', seat: '5E' });
    expect(back.status).toBe(201);
  });
});
