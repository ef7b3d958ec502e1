import { EventEnvelope, TicketEventTypes, TicketIssuedV1, TicketPrintedV1, TicketVoidedV1 } from '@movie/contracts';
import { newEnvelope } from '@movie/messaging';
import { Ticket } from './ticket';

const SOURCE = 'ticket';

/** Keyed by booking id, like every event of the platform, so one booking's events keep their order. */
function envelope<T>(event: { type: string; version: number }, ticket: Ticket, at: string, payload: T): EventEnvelope<string, T> {
  return newEnvelope({ source: SOURCE, type: event.type, version: event.version, key: ticket.bookingId, occurredAt: new Date(at), payload });
}

export function ticketIssued(ticket: Ticket): EventEnvelope<string, TicketIssuedV1> {
  const t = ticket.snapshot();
  const issuedAt = t.issuedAt ?? t.updatedAt;
  return envelope(TicketEventTypes.TicketIssued, ticket, issuedAt, {
    ticketId: t.id, bookingId: t.bookingId, customerId: t.customerId, movieName: t.movieName ?? '', seats: t.seats, issuedAt,
  });
}

export function ticketPrinted(ticket: Ticket): EventEnvelope<string, TicketPrintedV1> {
  const t = ticket.snapshot();
  const printedAt = t.printedAt ?? t.updatedAt;
  return envelope(TicketEventTypes.TicketPrinted, ticket, printedAt, {
    ticketId: t.id, bookingId: t.bookingId, customerId: t.customerId, printedAt,
  });
}

export function ticketVoided(ticket: Ticket): EventEnvelope<string, TicketVoidedV1> {
  const t = ticket.snapshot();
  const voidedAt = t.voidedAt ?? t.updatedAt;
  return envelope(TicketEventTypes.TicketVoided, ticket, voidedAt, {
    ticketId: t.id, bookingId: t.bookingId, customerId: t.customerId, voidedAt,
  });
}
