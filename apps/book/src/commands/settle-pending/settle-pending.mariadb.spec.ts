import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { BookingStatus } from '@movie/contracts';
import { BookingRepository } from '../../database/booking.repository';
import { Booking } from '../../domain/booking';
import { BookHarness } from '../../testing/book-harness';
import { SettlePendingService } from './settle-pending.service';

describe('SettlePendingService, two book instances on one MariaDB database', () => {
  const stale = 20;
  let instances: BookHarness[];
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ instances, drop } = await BookHarness.replicas('settle', { BOOK_PENDING_STALE_MS: '100' }));
  });
  afterAll(() => drop());

  it('settles each booking a crash left pending once, on one instance, while the other passes', async () => {
    const ids = Array.from({ length: stale }, () => randomUUID());
    const repository = new BookingRepository();
    for (const [i, id] of ids.entries()) {
      const booking = Booking.start({
        id, customerId: 'alice', movieId: 'soul', movieName: 'soul', screeningId: 'soul-1', startsAt: '2030-01-01T10:00:00.000Z',
        seats: [`${1 + Math.floor(i / 12)}${'ABCDEFGHIJKL'[i % 12]}`], totalPrice: 5000,
      });
      await instances[0].dataSource.transaction((manager) => repository.insertWithSeats(manager, booking));
      instances[0].payment.payments.set(id, { paymentId: `pay-${i}`, bookingId: id, amount: 5000, status: 'APPROVED' });
    }
    await sleep(150);
    const asked = instances[0].payment.calls('/payments');

    const settled = await Promise.all(instances.map((instance) => instance.app.get(SettlePendingService).settle()));

    expect(settled.sort((a, b) => a - b)).toEqual([0, stale]);
    expect(instances[0].payment.calls('/payments') - asked).toBe(stale);
    for (const id of ids) expect((await instances[1].call('GET', `/books/${id}`)).body.status).toBe(BookingStatus.BOOKED);
    expect((await instances[0].outbox()).filter((event) => event.type === 'BookingConfirmed')).toHaveLength(stale);
  });
});
