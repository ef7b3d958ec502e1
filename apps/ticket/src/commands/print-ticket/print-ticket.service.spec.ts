import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { requestContext } from '@movie/runtime';
import { BookClient } from '../../book/book.client';
import { Ticket } from '../../domain/ticket';
import { FakeBook } from '../../testing/fake-book';
import { TicketHarness } from '../../testing/ticket.harness';
import { PrintTicketService } from './print-ticket.service';

describe('printing a ticket, book deciding over real HTTP', () => {
  // A timeout well above a loaded CI machine's answer time, and a slow book well above the timeout.
  const book = new FakeBook(3000);
  let harness: TicketHarness;
  let service: PrintTicketService;
  let bookUrl: string;

  beforeAll(async () => {
    // The policies log what they skip and why; the assertions below say it instead.
    Logger.overrideLogger(false);
    bookUrl = await book.start();
    harness = await TicketHarness.open();
    service = printingWith(bookUrl);
  });
  afterAll(async () => {
    await harness.close();
    await book.stop();
  });

  const printingWith = (url: string) =>
    new PrintTicketService(harness.tickets, harness.transactions, harness.outbox, new BookClient({ url, timeoutMs: 1000, retryAfterSeconds: 3 }));

  async function waitingTicket(): Promise<Ticket> {
    return harness.save(Ticket.issue({
      id: randomUUID(), bookingId: randomUUID(), customerId: 'customer-1', movieName: 'soul', startsAt: '2026-05-02T19:30:00.000Z', seats: ['1A'],
    }));
  }
  const callsFor = (ticket: Ticket) => book.calls.filter((call) => call.path.includes(ticket.bookingId));

  it('prints once book accepts, with TicketPrinted in the outbox', async () => {
    const ticket = await waitingTicket();
    const printed = (await service.print(ticket.id)).snapshot();
    expect(printed).toMatchObject({ status: 'PRINTED', printedAt: expect.any(String) });
    expect((await harness.ticketOf(ticket.bookingId))!.status).toBe('PRINTED');
    expect(await harness.eventsOf(ticket.bookingId)).toEqual([{
      type: 'TicketPrinted', topic: 'movie.ticket.v1',
      payload: { ticketId: ticket.id, bookingId: ticket.bookingId, customerId: 'customer-1', printedAt: printed.printedAt },
    }]);
  });

  it("asks book at its print endpoint, passing the caller's request id", async () => {
    const ticket = await waitingTicket();
    await requestContext.run({ requestId: 'print-request-1' }, () => service.print(ticket.id));
    expect(callsFor(ticket)).toEqual([
      { method: 'POST', path: `/internal/books/${ticket.bookingId}/ticket-printed`, requestId: 'print-request-1' },
    ]);
  });

  it('answers a second print with the printed ticket without asking book or writing another event', async () => {
    const ticket = await waitingTicket();
    const first = (await service.print(ticket.id)).snapshot();
    const again = (await service.print(ticket.id)).snapshot();
    expect(again).toEqual(first);
    expect(callsFor(ticket)).toHaveLength(1);
    expect((await harness.eventsOf(ticket.bookingId)).map((e) => e.type)).toEqual(['TicketPrinted']);
  });

  it('writes one TicketPrinted when two prints of one ticket race', async () => {
    const ticket = await waitingTicket();
    const results = await Promise.all([service.print(ticket.id), service.print(ticket.id)]);
    expect(results.map((result) => result.status)).toEqual(['PRINTED', 'PRINTED']);
    expect((await harness.eventsOf(ticket.bookingId)).map((e) => e.type)).toEqual(['TicketPrinted']);
  });

  it('refuses a voided ticket with TICKET_VOIDED without asking book', async () => {
    const ticket = await waitingTicket();
    ticket.void();
    await harness.tickets.saveIf(harness.manager, ticket, 'WAITING');
    await expect(service.print(ticket.id)).rejects.toMatchObject({ kind: 'conflict', code: 'TICKET_VOIDED' });
    expect(callsFor(ticket)).toEqual([]);
  });

  it('answers BOOKING_CANCELLED and leaves the ticket waiting when cancel won at book', async () => {
    const ticket = await waitingTicket();
    book.answer(ticket.bookingId, 'cancelled');
    const refusal = service.print(ticket.id);
    await expect(refusal).rejects.toMatchObject({ kind: 'conflict', code: 'BOOKING_CANCELLED' });
    await expect(refusal).rejects.toThrow('the booking was cancelled; ticket not printed');
    expect((await harness.ticketOf(ticket.bookingId))!.status).toBe('WAITING');
    expect(await harness.eventsOf(ticket.bookingId)).toEqual([]);
  });

  it('answers 503 with Retry-After and prints nothing when book fails', async () => {
    const ticket = await waitingTicket();
    book.answer(ticket.bookingId, 'fail');
    await expect(service.print(ticket.id)).rejects.toMatchObject({ kind: 'unavailable', code: 'BOOK_UNAVAILABLE', retryAfterSeconds: 3 });
    expect((await harness.ticketOf(ticket.bookingId))!.status).toBe('WAITING');
    expect(await harness.eventsOf(ticket.bookingId)).toEqual([]);
  });

  it('answers 503 and prints nothing when book does not answer in time', async () => {
    const ticket = await waitingTicket();
    book.answer(ticket.bookingId, 'slow');
    const refusal = service.print(ticket.id);
    await expect(refusal).rejects.toMatchObject({ kind: 'unavailable', code: 'BOOK_UNAVAILABLE' });
    await expect(refusal).rejects.toThrow('no answer in 1000 ms');
    expect((await harness.ticketOf(ticket.bookingId))!.status).toBe('WAITING');
  });

  it('answers 503 and prints nothing when book cannot be reached', async () => {
    const away = new FakeBook();
    const awayUrl = await away.start();
    await away.stop();
    const ticket = await waitingTicket();
    await expect(printingWith(awayUrl).print(ticket.id)).rejects.toMatchObject({ kind: 'unavailable', code: 'BOOK_UNAVAILABLE' });
    expect((await harness.ticketOf(ticket.bookingId))!.status).toBe('WAITING');
  });

  it('prints on a retry after book came back', async () => {
    const ticket = await waitingTicket();
    book.answer(ticket.bookingId, 'fail');
    await expect(service.print(ticket.id)).rejects.toMatchObject({ kind: 'unavailable' });
    book.answer(ticket.bookingId, 'accept');
    expect((await service.print(ticket.id)).status).toBe('PRINTED');
  });

  it('refuses with a conflict when book does not know the booking', async () => {
    const ticket = await waitingTicket();
    book.answer(ticket.bookingId, 'unknown');
    await expect(service.print(ticket.id)).rejects.toMatchObject({ kind: 'conflict', code: 'BOOKING_NOT_FOUND' });
  });

  it('answers TICKET_NOT_FOUND for a ticket that does not exist', async () => {
    await expect(service.print(randomUUID())).rejects.toMatchObject({ kind: 'not_found', code: 'TICKET_NOT_FOUND' });
  });
});
