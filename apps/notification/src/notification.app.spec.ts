import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { InMemoryEventBus } from '@movie/messaging';
import { JsonLogger } from '@movie/runtime';
import { NotifyCustomerMessageController } from './commands/notify-customer/notify-customer.message-controller';
import { NotificationOrm } from './database/notification.orm-entity';
import { WebhookAttemptOrm } from './database/webhook-attempt.orm-entity';
import { WebhookDeliveryOrm } from './database/webhook-delivery.orm-entity';
import { createNotificationApp } from './notification.app';
import { loadNotificationConfig } from './notification.config';
import { bookingEvents, TopicEvent } from './testing/booking-events';
import { nextData, sseLines } from './testing/sse-lines';
import { WebhookReceiver } from './testing/webhook-receiver';

describe('notification app', () => {
  let app: NestFastifyApplication;
  let closed = false;
  let receiver: WebhookReceiver;
  let dataSource: DataSource;
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    const config = loadNotificationConfig({
      NOTIFICATION_DB_URL: 'sqlite::memory:',
      NOTIFICATION_CHANNELS: 'log,webhook,sse',
      NOTIFICATION_WEBHOOK_URL: receiver.url,
      NOTIFICATION_WEBHOOK_BACKOFF_MS: '10',
      NOTIFICATION_WEBHOOK_POLL_MS: '20',
      NOTIFICATION_SSE_HEARTBEAT_MS: '50',
      LOG_LEVEL: 'log',
    });
    app = await createNotificationApp(config, new JsonLogger('notification', 'log', (line) => logLines.push(JSON.parse(line))));
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    dataSource = app.get(DataSource);
  });
  afterAll(async () => {
    if (!closed) await app?.close();
    await receiver?.stop();
  });

  /** Hands the message to the message controller as the transport would, and waits for it. */
  const deliver = ({ topic, event }: TopicEvent) => {
    const controller = app.get(NotifyCustomerMessageController);
    const handler = { 'movie.booking.v1': controller.onBookingEvent, 'movie.payment.v1': controller.onPaymentEvent, 'movie.ticket.v1': controller.onTicketEvent }[topic];
    return handler.call(controller, JSON.stringify(event));
  };
  const get = (url: string, headers: Record<string, string> = {}) =>
    app.getHttpAdapter().getInstance().inject({ method: 'GET', url, headers });
  const deliveriesOf = async (eventId: string) => {
    const notification = await dataSource.manager.findOneByOrFail(NotificationOrm, { eventId });
    return dataSource.manager.findBy(WebhookDeliveryOrm, { notificationId: notification.id });
  };

  describe('consuming an event', () => {
    it('records one notification and one webhook delivery for an event delivered twice', async () => {
      const { BookingConfirmed } = bookingEvents('customer-twice');
      expect(await deliver(BookingConfirmed)).toBe('applied');
      expect(await deliver(BookingConfirmed)).toBe('duplicate');
      expect(await dataSource.manager.countBy(NotificationOrm, { eventId: BookingConfirmed.event.id })).toBe(1);
      expect(await deliveriesOf(BookingConfirmed.event.id)).toHaveLength(1);
    });

    it('writes one JSON log line per notification', async () => {
      const { TicketPrinted } = bookingEvents('customer-logged');
      await deliver(TicketPrinted);
      await deliver(TicketPrinted);
      const lines = logLines.filter((line) => line.msg === 'notification' && line.customerId === 'customer-logged');
      expect(lines).toEqual([expect.objectContaining({
        service: 'notification', eventId: TicketPrinted.event.id, kind: 'ticket_printed', status: 2,
        message: 'Your ticket is printed. Enjoy the movie!',
      })]);
    });

    it('sends an event it cannot read to the dead-letter topic and records nothing', async () => {
      const unreadable = { ...bookingEvents().TicketPrinted.event, payload: { ticketId: 'x' } };
      expect(await deliver({ topic: 'movie.ticket.v1', event: unreadable })).toBe('dead-lettered');
      expect(await dataSource.manager.countBy(NotificationOrm, { eventId: unreadable.id })).toBe(0);
    });
  });

  describe('webhook', () => {
    it('retries a delivery the receiver refused with 503 and records both attempts', async () => {
      receiver.failNext(503, (body) => (body as { customerId?: string }).customerId === 'customer-webhook');
      const { BookingCancelled } = bookingEvents('customer-webhook');
      await deliver(BookingCancelled);
      const [delivery] = await waitFor(() => deliveriesOf(BookingCancelled.event.id), ([row]) => row?.state === 'delivered');
      const attempts = await dataSource.manager.find(WebhookAttemptOrm, { where: { deliveryId: delivery.id }, order: { attempt: 'ASC' } });
      expect([delivery.attempts, attempts.map(({ outcome, statusCode }) => [outcome, statusCode])])
        .toEqual([2, [['retry', 503], ['delivered', 204]]]);
    });

    it('posts the notification as JSON with its id as the idempotency key', async () => {
      const { PaymentRefunded } = bookingEvents('customer-posted');
      await deliver(PaymentRefunded);
      const post = await waitFor(
        async () => receiver.received.find(({ body }) => (body as { eventId?: string }).eventId === PaymentRefunded.event.id),
        (found) => found !== undefined,
      );
      expect(post!.body).toMatchObject({ text: 'Your payment of 26,000 is refunded.', customerId: 'customer-posted', kind: 'refunded', message: 'Your payment of 26,000 is refunded.' });
      expect(post!.headers['idempotency-key']).toBe((post!.body as { id: string }).id);
    });
  });

  describe('GET /notifications', () => {
    const bookingId = randomUUID();
    beforeAll(async () => {
      const events = bookingEvents('customer-list', bookingId);
      const at = (minute: number) => `2026-05-01T10:0${minute}:00.000Z`;
      await deliver({ ...events.PaymentApproved, event: { ...events.PaymentApproved.event, occurredAt: at(0) } });
      await deliver({ ...events.BookingConfirmed, event: { ...events.BookingConfirmed.event, occurredAt: at(1) } });
      await deliver({ ...events.TicketIssued, event: { ...events.TicketIssued.event, occurredAt: at(2) } });
    });

    it("lists the customer's notifications newest first", async () => {
      const response = await get('/notifications?customerId=customer-list');
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ limit: 20 });
      expect(response.json().items.map((item: { kind: string; status: number | null }) => [item.kind, item.status]))
        .toEqual([['ticket_ready', null], ['booked', 1], ['payment_approved', null]]);
      expect(response.json().items[1]).toMatchObject({
        bookingId, customerId: 'customer-list', statusLabel: 'booked', eventType: 'BookingConfirmed',
        message: 'Your booking for Soul, seats 1A 2B, is confirmed.', occurredAt: '2026-05-01T10:01:00.000Z',
      });
    });

    it('returns at most limit notifications', async () => {
      const response = await get('/notifications?customerId=customer-list&limit=1');
      expect(response.json().items.map((item: { kind: string }) => item.kind)).toEqual(['ticket_ready']);
    });

    it("takes the customer from the gateway's header over the query", async () => {
      const response = await get('/notifications?customerId=customer-twice', { 'x-customer-id': 'customer-list' });
      expect(response.json().items).toHaveLength(3);
    });

    it('answers 400 when no customer is named', async () => {
      const response = await get('/notifications');
      expect([response.statusCode, response.json().code]).toEqual([400, 'CUSTOMER_REQUIRED']);
    });

    it.each(['limit=0', 'limit=101', 'limit=many', 'page=2'])('answers 400 for %s', async (query) => {
      const response = await get(`/notifications?customerId=customer-list&${query}`);
      expect([response.statusCode, response.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    });
  });

  describe('GET /notifications/stream', () => {
    const baseUrl = () => app.getUrl();

    it('pushes a notification the in-memory transport delivered to the watching customer', async () => {
      const abort = new AbortController();
      const response = await fetch(`${await baseUrl()}/notifications/stream?customerId=customer-live`, { signal: abort.signal });
      const lines = sseLines(response);
      try {
        expect([response.status, response.headers.get('content-type')]).toEqual([200, 'text/event-stream']);
        expect(await lines.next()).toEqual({ done: false, value: ': connected' });
        const { BookingConfirmed: forSomeoneElse } = bookingEvents('customer-other');
        const { BookingConfirmed } = bookingEvents('customer-live');
        publish(forSomeoneElse, BookingConfirmed);
        const data = await nextData(lines);
        expect(data).toMatchObject({
          eventId: BookingConfirmed.event.id, customerId: 'customer-live', kind: 'booked', status: 1,
          message: 'Your booking for Soul, seats 1A 2B, is confirmed.',
        });
      } finally {
        abort.abort();
      }
    });

    it("follows the gateway's header over the query", async () => {
      const abort = new AbortController();
      const response = await fetch(`${await baseUrl()}/notifications/stream?customerId=customer-other`, {
        signal: abort.signal, headers: { 'x-customer-id': 'customer-header' },
      });
      const lines = sseLines(response);
      try {
        await lines.next();
        const { TicketPrinted: forQueryCustomer } = bookingEvents('customer-other');
        const { TicketPrinted } = bookingEvents('customer-header');
        await deliver(forQueryCustomer);
        await deliver(TicketPrinted);
        expect(await nextData(lines)).toMatchObject({ eventId: TicketPrinted.event.id, customerId: 'customer-header' });
      } finally {
        abort.abort();
      }
    });

    it('sends a heartbeat comment while nothing happens', async () => {
      const abort = new AbortController();
      const lines = sseLines(await fetch(`${await baseUrl()}/notifications/stream?customerId=customer-quiet`, { signal: abort.signal }));
      try {
        expect([(await lines.next()).value, (await lines.next()).value]).toEqual([': connected', ': heartbeat']);
      } finally {
        abort.abort();
      }
    });

    it('answers 400 when no customer is named', async () => {
      const response = await fetch(`${await baseUrl()}/notifications/stream`);
      expect([response.status, ((await response.json()) as { code: string }).code]).toEqual([400, 'CUSTOMER_REQUIRED']);
    });
  });

  it('is ready when its database answers, and reports messaging and the webhook backlog', async () => {
    const response = await get('/health/ready');
    expect(response.statusCode).toBe(200);
    expect(response.json().info).toMatchObject({
      database: { status: 'up' }, messaging: { status: 'up', transport: 'memory' }, webhook: { status: 'up', enabled: true },
    });
  });

  it('documents the listing and the stream with their responses', async () => {
    const { paths } = (await get('/docs-json')).json();
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/notifications', '/notifications/stream']));
    expect(Object.keys(paths['/notifications'].get.responses)).toEqual(['200', '400']);
    expect(Object.keys(paths['/notifications/stream'].get.responses)).toEqual(['200', '400']);
    expect(paths['/notifications/stream'].get.responses['200'].content).toHaveProperty(['text/event-stream']);
  });

  // Last: it shuts the app down.
  it('ends open streams when the app shuts down', async () => {
    const lines = sseLines(await fetch(`${await app.getUrl()}/notifications/stream?customerId=customer-staying`));
    await lines.next();
    closed = true;
    await app.close();
    const rest: string[] = [];
    for await (const line of lines) rest.push(line);
    expect(rest.every((line) => line.startsWith(':'))).toBe(true);
  });
});

function publish(...events: TopicEvent[]): void {
  InMemoryEventBus.instance().publish(events.map(({ topic, event }) => ({ topic, key: event.key, value: JSON.stringify(event) })));
}

/** Polls until the value satisfies the condition; the test's timeout bounds it. */
async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await sleep(10);
  }
}
