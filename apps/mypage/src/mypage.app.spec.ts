import { randomUUID } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { ProcessedEventOrm } from '@movie/messaging';
import { TransactionRunner } from '@movie/persistence';
import { JsonLogger } from '@movie/runtime';
import { createMypageApp } from './mypage.app';
import { loadMypageConfig } from './mypage.config';
import { MypageEventHandlers } from './projection/mypage-event-handlers';
import { MypageEventsMessageController } from './projection/mypage-events.message-controller';
import { applyEvents } from './testing/apply-events';
import { bookingStory } from './testing/booking-story';

describe('my page over HTTP', () => {
  let app: NestFastifyApplication;
  const older = randomUUID();
  const newer = randomUUID();
  const someoneElses = randomUUID();

  beforeAll(async () => {
    const config = loadMypageConfig({ MYPAGE_DB_URL: 'sqlite::memory:', MYPAGE_ADMIN_TOKEN: 'operator-token', LOG_LEVEL: 'error' });
    app = await createMypageApp(config, new JsonLogger('mypage', 'error', () => undefined));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const stories = [
      ...bookingStory('printed', older, '2026-05-01T10:00:00.000Z'),
      ...bookingStory('cancelled', newer, '2026-05-03T10:00:00.000Z'),
      ...bookingStory('printed', someoneElses, '2026-05-04T10:00:00.000Z').map(({ topic, event }) => ({
        topic, event: { ...event, payload: { ...(event.payload as object), customerId: 'customer-2' } },
      })),
    ];
    await applyEvents(app.get(TransactionRunner), app.get(MypageEventHandlers), stories.reverse());
  });
  afterAll(() => app.close());

  const get = (url: string, headers: Record<string, string> = { 'x-customer-id': 'customer-1' }) =>
    app.getHttpAdapter().getInstance().inject({ method: 'GET', url, headers });

  it("lists the caller's bookings newest first", async () => {
    const response = await get('/mypages');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ total: 2, limit: 20, offset: 0 });
    expect(response.json().items.map((item: { bookingId: string; status: number }) => [item.bookingId, item.status]))
      .toEqual([[newer, 9], [older, 2]]);
  });

  it('pages with limit and offset', async () => {
    const response = await get('/mypages?limit=1&offset=1');
    expect(response.json()).toMatchObject({ total: 2, limit: 1, offset: 1, items: [{ bookingId: older }] });
  });

  it('takes the customer from the query when no header names one', async () => {
    const response = await get('/mypages?customerId=customer-2', {});
    expect(response.json().items.map((item: { bookingId: string }) => item.bookingId)).toEqual([someoneElses]);
  });

  it.each(['limit=0', 'limit=101', 'limit=ten', 'limit=1.5', 'offset=-1', 'offset=1e21', 'offset=100000000000000000000', 'page=2'])('answers 400 for %s', async (query) => {
    const response = await get(`/mypages?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('VALIDATION_FAILED');
  });

  it('answers 400 when no customer is named at all', async () => {
    const response = await get('/mypages', {});
    expect([response.statusCode, response.json().code]).toEqual([400, 'CUSTOMER_REQUIRED']);
  });

  it("answers 403 when a customer asks for another customer's list", async () => {
    const response = await get('/mypages?customerId=customer-2');
    expect([response.statusCode, response.json().code]).toEqual([403, 'NOT_YOUR_BOOKINGS']);
  });

  it('shows one booking with its payment, ticket and history oldest first', async () => {
    const response = await get(`/mypages/${newer}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      bookingId: newer, status: 9, statusLabel: 'cancelled', seats: ['E7', 'E8'],
      payment: { state: 'refunded', paidAmount: 26000, refundedAmount: 26000 }, ticket: { state: 'voided' },
    });
    expect(response.json().history.map((entry: { type: string }) => entry.type)).toEqual([
      'PaymentApproved', 'BookingConfirmed', 'TicketIssued', 'BookingCancelled', 'PaymentRefunded', 'TicketVoided',
    ]);
  });

  it('answers 404 for an unknown booking', async () => {
    const response = await get(`/mypages/${randomUUID()}`);
    expect([response.statusCode, response.json().code]).toEqual([404, 'BOOKING_NOT_FOUND']);
  });

  it("answers 404 for another customer's booking", async () => {
    expect((await get(`/mypages/${someoneElses}`)).statusCode).toBe(404);
  });

  it('answers 400 for a booking id that is not a UUID', async () => {
    expect((await get('/mypages/not-a-uuid')).statusCode).toBe(400);
  });

  it('applies an event its consumer gets twice once, by its history line, and keeps no inbox row for it', async () => {
    const [approved] = bookingStory('printed', randomUUID());
    const consumer = app.get(MypageEventsMessageController);

    const outcomes = [await consumer.onPaymentEvent(approved.event), await consumer.onPaymentEvent(approved.event)];

    expect(outcomes).toEqual(['applied', 'duplicate']);
    const manager = app.get(DataSource).manager;
    expect(await manager.query('SELECT COUNT(*) AS lines FROM my_booking_history WHERE eventId = ?', [approved.event.id])).toEqual([{ lines: 1 }]);
    expect(await manager.countBy(ProcessedEventOrm, { eventId: approved.event.id })).toBe(0);
  });

  it('is ready when its database answers', async () => {
    const response = await get('/health/ready', {});
    expect([response.statusCode, response.json().info.database.status]).toEqual([200, 'up']);
  });
});
