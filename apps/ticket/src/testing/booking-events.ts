import { randomUUID } from 'node:crypto';
import { BookingCancelledV1, BookingConfirmedV1, BookingTicketPrintedV1, EventEnvelope, Topics } from '@movie/contracts';

export const bookingTopic = Topics.booking;

/** A BookingConfirmed as book publishes it; a fresh event id unless one is given. */
export function bookingConfirmed(bookingId: string, overrides: Partial<BookingConfirmedV1> = {}, id = randomUUID()): EventEnvelope<string, BookingConfirmedV1> {
  return {
    id, type: 'BookingConfirmed', version: 1, occurredAt: '2026-05-01T10:00:00.000Z', key: bookingId, source: 'book',
    payload: {
      bookingId, customerId: 'customer-1', movieId: 'soul', movieName: 'soul', screeningId: 'soul-1',
      startsAt: '2026-05-02T19:30:00.000Z', seats: ['1A', '2B'], qty: 2, totalPrice: 26000, paymentId: randomUUID(),
      bookedAt: '2026-05-01T10:00:00.000Z', ...overrides,
    },
  };
}

export function bookingCancelled(bookingId: string, id = randomUUID()): EventEnvelope<string, BookingCancelledV1> {
  return {
    id, type: 'BookingCancelled', version: 1, occurredAt: '2026-05-01T11:00:00.000Z', key: bookingId, source: 'book',
    payload: {
      bookingId, customerId: 'customer-1', screeningId: 'soul-1', seats: ['1A', '2B'], totalPrice: 26000,
      cancelledAt: '2026-05-01T11:00:00.000Z',
    },
  };
}

export function bookingTicketPrinted(bookingId: string, id = randomUUID()): EventEnvelope<string, BookingTicketPrintedV1> {
  return {
    id, type: 'BookingTicketPrinted', version: 1, occurredAt: '2026-05-02T19:00:00.000Z', key: bookingId, source: 'book',
    payload: { bookingId, customerId: 'customer-1', printedAt: '2026-05-02T19:00:00.000Z' },
  };
}
