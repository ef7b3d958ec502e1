import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Topics } from '@movie/contracts';
import { InMemoryEventBus } from '@movie/messaging';
import { JsonLogger } from '@movie/runtime';
import { bookingCancelled, bookingConfirmed } from './testing/booking-events';
import { FakeBook } from './testing/fake-book';
import { createTicketApp } from './ticket.app';
import { loadTicketConfig } from './ticket.config';

interface TicketBody {
  id: string;
  bookingId: string;
  status: string;
}

describe('ticket over HTTP, fed by the in-memory bus', () => {
  const book = new FakeBook();
  const bus = InMemoryEventBus.instance();
  let app: NestFastifyApplication;

  beforeAll(async () => {
    const bookUrl = await book.start();
    const config = loadTicketConfig({
      TICKET_DB_URL: 'sqlite::memory:', TICKET_BOOK_URL: bookUrl, MESSAGING_TRANSPORT: 'memory', OUTBOX_POLL_MS: '20', LOG_LEVEL: 'error',
    });
    app = await createTicketApp(config, new JsonLogger('ticket', 'error', () => undefined));
    await app.startAllMicroservices();
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await app.close();
    await book.stop();
  });

  const request = (method: 'GET' | 'PATCH', url: string, payload?: object) =>
    app.getHttpAdapter().getInstance().inject({ method, url, payload });
  const publish = (event: { key: string }) => bus.publish([{ topic: Topics.booking, key: event.key, value: JSON.stringify(event) }]);

  async function eventually<T>(read: () => Promise<T | undefined>): Promise<T> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const value = await read();
      if (value !== undefined) return value;
      await sleep(10);
    }
    throw new Error('it did not happen');
  }
  const ticketOf = (bookingId: string, status = 'Waiting') =>
    eventually(async () => {
      const tickets = (await request('GET', `/tickets?bookingId=${bookingId}`)).json() as TicketBody[];
      return tickets.find((ticket) => ticket.status === status);
    });
  async function confirmedBooking(): Promise<TicketBody> {
    const bookingId = randomUUID();
    publish(bookingConfirmed(bookingId));
    return ticketOf(bookingId);
  }

  it('issues a waiting ticket for a BookingConfirmed published on the bus', async () => {
    const bookingId = randomUUID();
    publish(bookingConfirmed(bookingId));
    expect(await ticketOf(bookingId)).toMatchObject({
      bookingId, customerId: 'customer-1', movieName: 'soul', seats: ['1A', '2B'], startsAt: '2026-05-02T19:30:00.000Z', status: 'Waiting',
    });
  });

  it('publishes TicketIssued on the ticket topic', async () => {
    const ticket = await confirmedBooking();
    const issued = await eventually(async () =>
      bus.read(Topics.ticket).find((message) => message.key === ticket.bookingId && message.headers['event-type'] === 'TicketIssued'));
    expect(JSON.parse(issued.value)).toMatchObject({ source: 'ticket', payload: { ticketId: ticket.id, bookingId: ticket.bookingId } });
  });

  it('shows one ticket by id', async () => {
    const ticket = await confirmedBooking();
    const response = await request('GET', `/tickets/${ticket.id}`);
    expect([response.statusCode, response.json().id]).toEqual([200, ticket.id]);
  });

  it('answers 404 for an unknown ticket', async () => {
    const response = await request('GET', `/tickets/${randomUUID()}`);
    expect([response.statusCode, response.json().code]).toEqual([404, 'TICKET_NOT_FOUND']);
  });

  it('answers an empty list for a booking without a ticket', async () => {
    const response = await request('GET', `/tickets?bookingId=${randomUUID()}`);
    expect([response.statusCode, response.json()]).toEqual([200, []]);
  });

  it.each(['/tickets', '/tickets?bookingId=42', `/tickets?bookingId=${randomUUID()}&status=Waiting`])('answers 400 for %s', async (url) => {
    const response = await request('GET', url);
    expect([response.statusCode, response.json().code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('prints a waiting ticket with {"status":"Printed"} and answers the same again', async () => {
    const ticket = await confirmedBooking();
    const first = await request('PATCH', `/tickets/${ticket.id}`, { status: 'Printed' });
    expect([first.statusCode, first.json().status, typeof first.json().printedAt]).toEqual([200, 'Printed', 'string']);
    const again = await request('PATCH', `/tickets/${ticket.id}`, { status: 'Printed' });
    expect([again.statusCode, again.json()]).toEqual([200, first.json()]);
  });

  it.each([{ status: 'Waiting' }, { status: 'printed' }, {}])('answers 400 naming the allowed value for %j', async (body) => {
    const ticket = await confirmedBooking();
    const response = await request('PATCH', `/tickets/${ticket.id}`, body);
    expect([response.statusCode, response.json().message]).toEqual([400, 'status must be one of: Printed']);
  });

  it('answers 409 BOOKING_CANCELLED when book says the booking was cancelled, then TICKET_VOIDED once the cancellation arrives', async () => {
    const ticket = await confirmedBooking();
    book.answer(ticket.bookingId, 'cancelled');
    const refused = await request('PATCH', `/tickets/${ticket.id}`, { status: 'Printed' });
    expect([refused.statusCode, refused.json().code, refused.json().message])
      .toEqual([409, 'BOOKING_CANCELLED', 'the booking was cancelled; ticket not printed']);
    publish(bookingCancelled(ticket.bookingId));
    await ticketOf(ticket.bookingId, 'Voided');
    const voided = await request('PATCH', `/tickets/${ticket.id}`, { status: 'Printed' });
    expect([voided.statusCode, voided.json().code]).toEqual([409, 'TICKET_VOIDED']);
  });

  it('answers 404 when printing an unknown ticket, without asking book', async () => {
    const calls = book.calls.length;
    const response = await request('PATCH', `/tickets/${randomUUID()}`, { status: 'Printed' });
    expect([response.statusCode, response.json().code, book.calls.length]).toEqual([404, 'TICKET_NOT_FOUND', calls]);
  });

  it('answers 503 with Retry-After when book fails, and leaves the ticket waiting', async () => {
    const ticket = await confirmedBooking();
    book.answer(ticket.bookingId, 'fail');
    const response = await request('PATCH', `/tickets/${ticket.id}`, { status: 'Printed' });
    expect([response.statusCode, response.json().code, response.headers['retry-after']]).toEqual([503, 'BOOK_UNAVAILABLE', '2']);
    expect((await request('GET', `/tickets/${ticket.id}`)).json().status).toBe('Waiting');
  });

  it('is ready when its database and messaging answer', async () => {
    const response = await request('GET', '/health/ready');
    expect([response.statusCode, response.json().info.database.status, response.json().info.messaging.status]).toEqual([200, 'up', 'up']);
  });

  it('documents listing and printing tickets', async () => {
    const paths = (await request('GET', '/docs-json')).json().paths;
    expect([Object.keys(paths['/tickets']), Object.keys(paths['/tickets/{id}']).sort()]).toEqual([['get'], ['get', 'patch']]);
  });
});
