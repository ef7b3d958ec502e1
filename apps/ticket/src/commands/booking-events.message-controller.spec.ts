import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { EventConsumer } from '@movie/messaging';
import { Ticket } from '../domain/ticket';
import { BookClient } from '../book/book.client';
import { bookingCancelled, bookingConfirmed, bookingTicketPrinted } from '../testing/booking-events';
import { TicketHarness } from '../testing/ticket.harness';
import { BookingEventsMessageController } from './booking-events.message-controller';
import { IssueTicketService } from './issue-ticket/issue-ticket.service';
import { PrintTicketService } from './print-ticket/print-ticket.service';
import { VoidTicketService } from './void-ticket/void-ticket.service';

describe('ticket policies on booking events', () => {
  let harness: TicketHarness;
  let controller: BookingEventsMessageController;

  beforeAll(async () => {
    // The policies log what they skip and why; the assertions below say it instead.
    Logger.overrideLogger(false);
    harness = await TicketHarness.open();
    controller = new BookingEventsMessageController(
      new EventConsumer(harness.transactions, harness.publisher),
      harness.outbox,
      new IssueTicketService(harness.tickets, harness.outbox),
      new VoidTicketService(harness.tickets, harness.outbox),
      // Book is not asked here: its event says it accepted the print.
      new PrintTicketService(harness.tickets, harness.transactions, harness.outbox, new BookClient({ url: 'http://127.0.0.1:9', timeoutMs: 100, retryAfterSeconds: 1 })),
    );
  });
  afterAll(() => harness.close());

  const deliver = (event: object) => controller.onBookingEvent(JSON.parse(JSON.stringify(event)));

  it('issues a waiting ticket for a confirmed booking, with TicketIssued in the outbox', async () => {
    const bookingId = randomUUID();
    expect(await deliver(bookingConfirmed(bookingId))).toBe('applied');
    const ticket = (await harness.ticketOf(bookingId))!.snapshot();
    expect(ticket).toMatchObject({
      bookingId, customerId: 'customer-1', movieName: 'soul', startsAt: '2026-05-02T19:30:00.000Z', seats: ['1A', '2B'], status: 'WAITING',
    });
    expect(await harness.eventsOf(bookingId)).toEqual([{
      type: 'TicketIssued', topic: 'movie.ticket.v1',
      payload: { ticketId: ticket.id, bookingId, customerId: 'customer-1', movieName: 'soul', seats: ['1A', '2B'], issuedAt: ticket.issuedAt },
    }]);
  });

  it('issues one ticket when the same confirmation is delivered twice', async () => {
    const bookingId = randomUUID();
    const event = bookingConfirmed(bookingId);
    await deliver(event);
    expect(await deliver(event)).toBe('duplicate');
    expect(await harness.ticketsOf(bookingId)).toBe(1);
    expect((await harness.eventsOf(bookingId)).map((e) => e.type)).toEqual(['TicketIssued']);
  });

  it('issues one ticket when a booking is confirmed twice under different event ids, and calls the second a duplicate', async () => {
    const bookingId = randomUUID();
    await deliver(bookingConfirmed(bookingId));
    expect(await deliver(bookingConfirmed(bookingId))).toBe('duplicate');
    expect(await harness.ticketsOf(bookingId)).toBe(1);
    expect((await harness.eventsOf(bookingId)).map((e) => e.type)).toEqual(['TicketIssued']);
  });

  it('prints the waiting ticket of a booking whose print book accepted, once, with TicketPrinted', async () => {
    // What ticket misses when its own print stopped after book's answer (a crash, a failed commit).
    const bookingId = randomUUID();
    await deliver(bookingConfirmed(bookingId));
    const accepted = bookingTicketPrinted(bookingId);

    expect(await deliver(accepted)).toBe('applied');
    expect(await deliver(accepted)).toBe('duplicate');

    expect((await harness.ticketOf(bookingId))!.status).toBe('PRINTED');
    expect((await harness.eventsOf(bookingId)).map((e) => e.type)).toEqual(['TicketIssued', 'TicketPrinted']);
  });

  it('leaves a voided ticket voided when a print of its booking is reported', async () => {
    const bookingId = randomUUID();
    await deliver(bookingCancelled(bookingId));

    expect(await deliver(bookingTicketPrinted(bookingId))).toBe('duplicate');

    expect((await harness.ticketOf(bookingId))!.status).toBe('VOIDED');
  });

  it('voids the waiting ticket of a cancelled booking, with TicketVoided in the outbox', async () => {
    const bookingId = randomUUID();
    await deliver(bookingConfirmed(bookingId));
    await deliver(bookingCancelled(bookingId));
    const ticket = (await harness.ticketOf(bookingId))!.snapshot();
    expect(ticket.status).toBe('VOIDED');
    expect((await harness.eventsOf(bookingId)).slice(1)).toEqual([{
      type: 'TicketVoided', topic: 'movie.ticket.v1',
      payload: { ticketId: ticket.id, bookingId, customerId: 'customer-1', voidedAt: ticket.voidedAt },
    }]);
  });

  it('voids once when the cancellation is delivered again under another event id', async () => {
    const bookingId = randomUUID();
    await deliver(bookingConfirmed(bookingId));
    await deliver(bookingCancelled(bookingId));
    await deliver(bookingCancelled(bookingId));
    expect((await harness.eventsOf(bookingId)).map((e) => e.type)).toEqual(['TicketIssued', 'TicketVoided']);
  });

  it('leaves a printed ticket printed when its booking is reported cancelled', async () => {
    const bookingId = randomUUID();
    const ticket = Ticket.issue({ id: randomUUID(), bookingId, customerId: 'customer-1', movieName: 'soul', startsAt: '2026-05-02T19:30:00.000Z', seats: ['1A'] });
    ticket.print();
    await harness.save(ticket);
    expect(await deliver(bookingCancelled(bookingId))).toBe('applied');
    expect((await harness.ticketOf(bookingId))!.status).toBe('PRINTED');
    expect(await harness.eventsOf(bookingId)).toEqual([]);
  });

  it('records a voided ticket for a cancellation that comes first, so a late confirmation issues none', async () => {
    const bookingId = randomUUID();
    await deliver(bookingCancelled(bookingId));
    await deliver(bookingConfirmed(bookingId));
    expect((await harness.ticketOf(bookingId))!.snapshot()).toMatchObject({ status: 'VOIDED', issuedAt: null, seats: ['1A', '2B'] });
    expect(await harness.ticketsOf(bookingId)).toBe(1);
    expect(await harness.eventsOf(bookingId)).toEqual([]);
  });

  it('sends a confirmation it cannot validate to the dead-letter topic and issues nothing', async () => {
    const bookingId = randomUUID();
    const event = bookingConfirmed(bookingId, { seats: [] });
    expect(await deliver(event)).toBe('dead-lettered');
    expect(harness.published).toEqual([expect.objectContaining({ topic: 'movie.booking.v1.DLT', key: bookingId })]);
    expect(await harness.ticketOf(bookingId)).toBeNull();
  });

  it('ignores booking events it has no policy for', async () => {
    const event = { ...bookingConfirmed(randomUUID()), type: 'BookingReleased' };
    expect(await deliver(event)).toBe('ignored');
  });
});
