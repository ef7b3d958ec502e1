import { randomUUID } from 'node:crypto';
import { EventEnvelope, Topics } from '@movie/contracts';

export interface TopicEvent {
  topic: (typeof Topics)[keyof typeof Topics];
  event: EventEnvelope;
}

const envelope = (type: string, source: string, bookingId: string, occurredAt: string, payload: object): EventEnvelope => ({
  id: randomUUID(), type, version: 1, occurredAt, key: bookingId, source, payload,
});

/** One event of each type about one booking, as its producers publish them. */
export function bookingEvents(customerId = 'customer-1', bookingId = randomUUID(), at = '2026-05-01T10:00:00.000Z') {
  const paymentId = `pay-${bookingId.slice(0, 8)}`;
  const ticketId = `ticket-${bookingId.slice(0, 8)}`;
  const seats = ['1A', '2B'];
  return {
    BookingConfirmed: {
      topic: Topics.booking,
      event: envelope('BookingConfirmed', 'book', bookingId, at, {
        bookingId, customerId, movieId: 'movie-1', movieName: 'Soul', screeningId: 'screening-1',
        startsAt: '2026-05-02T19:30:00.000Z', seats, qty: 2, totalPrice: 26000, paymentId, bookedAt: at,
      }),
    },
    BookingCancelled: {
      topic: Topics.booking,
      event: envelope('BookingCancelled', 'book', bookingId, at, {
        bookingId, customerId, screeningId: 'screening-1', seats, totalPrice: 26000, paymentId, cancelledAt: at,
      }),
    },
    PaymentApproved: {
      topic: Topics.payment,
      event: envelope('PaymentApproved', 'payment', bookingId, at, { paymentId, bookingId, customerId, amount: 26000, approvedAt: at }),
    },
    PaymentRefunded: {
      topic: Topics.payment,
      event: envelope('PaymentRefunded', 'payment', bookingId, at, {
        paymentId, bookingId, customerId, amount: 26000, reason: 'booking cancelled', refundedAt: at,
      }),
    },
    TicketIssued: {
      topic: Topics.ticket,
      event: envelope('TicketIssued', 'ticket', bookingId, at, { ticketId, bookingId, customerId, movieName: 'Soul', seats, issuedAt: at }),
    },
    TicketPrinted: {
      topic: Topics.ticket,
      event: envelope('TicketPrinted', 'ticket', bookingId, at, { ticketId, bookingId, customerId, printedAt: at }),
    },
    TicketVoided: {
      topic: Topics.ticket,
      event: envelope('TicketVoided', 'ticket', bookingId, at, { ticketId, bookingId, customerId, voidedAt: at }),
    },
  } satisfies Record<string, TopicEvent>;
}
