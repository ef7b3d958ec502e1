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
    env: { BOOK_BREAKER_THRESHOLD: '3', BOOK_BREAKER_OPEN_MS: '2000' },
  });

  beforeAll(async () => {
    await platform.resetDatabases();
    await platform.start();
  });
  afterAll(() => platform.stopAll());

  bookingCoreCases(() => platform);
});
