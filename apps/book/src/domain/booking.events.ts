import { BookingCancelledV1, BookingConfirmedV1, BookingEventTypes, BookingTicketPrintedV1, EventEnvelope } from '@movie/contracts';
import { newEnvelope } from '@movie/messaging';
import { Booking } from './booking';

const SOURCE = 'book';

/** Keyed by booking id, so one booking's events keep their order; they happened when the booking last changed. */
function envelope<T>(event: { type: string; version: number }, booking: Booking, payload: T): EventEnvelope<string, T> {
  const b = booking.snapshot();
  return newEnvelope({ source: SOURCE, type: event.type, version: event.version, key: b.id, occurredAt: new Date(b.updatedAt), payload });
}

export function bookingConfirmed(booking: Booking): EventEnvelope<string, BookingConfirmedV1> {
  const b = booking.snapshot();
  return envelope(BookingEventTypes.BookingConfirmed, booking, {
    bookingId: b.id,
    customerId: b.customerId,
    movieId: b.movieId,
    movieName: b.movieName,
    screeningId: b.screeningId,
    startsAt: b.startsAt,
    seats: b.seats,
    qty: b.seats.length,
    totalPrice: b.totalPrice,
    paymentId: b.paymentId ?? '',
    bookedAt: b.updatedAt,
  });
}

export function bookingCancelled(booking: Booking): EventEnvelope<string, BookingCancelledV1> {
  const b = booking.snapshot();
  return envelope(BookingEventTypes.BookingCancelled, booking, {
    bookingId: b.id,
    customerId: b.customerId,
    screeningId: b.screeningId,
    seats: b.seats,
    totalPrice: b.totalPrice,
    paymentId: b.paymentId ?? undefined,
    cancelledAt: b.updatedAt,
  });
}

export function bookingTicketPrinted(booking: Booking): EventEnvelope<string, BookingTicketPrintedV1> {
  const b = booking.snapshot();
  return envelope(BookingEventTypes.BookingTicketPrinted, booking, { bookingId: b.id, customerId: b.customerId, printedAt: b.updatedAt });
}
