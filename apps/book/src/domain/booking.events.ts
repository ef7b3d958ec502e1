import { BookingCancelledV1, BookingConfirmedV1, BookingEventTypes, BookingTicketPrintedV1, EventEnvelope } from '@movie/contracts';
import { newEnvelope } from '@movie/messaging';
import { Booking } from './booking';

const SOURCE = 'book';

export function bookingConfirmed(booking: Booking): EventEnvelope<string, BookingConfirmedV1> {
  const b = booking.snapshot();
  return newEnvelope({
    source: SOURCE,
    type: BookingEventTypes.BookingConfirmed.type,
    version: BookingEventTypes.BookingConfirmed.version,
    key: b.id,
    occurredAt: new Date(b.updatedAt),
    payload: {
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
    },
  });
}

export function bookingCancelled(booking: Booking): EventEnvelope<string, BookingCancelledV1> {
  const b = booking.snapshot();
  return newEnvelope({
    source: SOURCE,
    type: BookingEventTypes.BookingCancelled.type,
    version: BookingEventTypes.BookingCancelled.version,
    key: b.id,
    occurredAt: new Date(b.updatedAt),
    payload: {
      bookingId: b.id,
      customerId: b.customerId,
      screeningId: b.screeningId,
      seats: b.seats,
      totalPrice: b.totalPrice,
      paymentId: b.paymentId ?? undefined,
      cancelledAt: b.updatedAt,
    },
  });
}

export function bookingTicketPrinted(booking: Booking): EventEnvelope<string, BookingTicketPrintedV1> {
  const b = booking.snapshot();
  return newEnvelope({
    source: SOURCE,
    type: BookingEventTypes.BookingTicketPrinted.type,
    version: BookingEventTypes.BookingTicketPrinted.version,
    key: b.id,
    occurredAt: new Date(b.updatedAt),
    payload: { bookingId: b.id, customerId: b.customerId, printedAt: b.updatedAt },
  });
}
