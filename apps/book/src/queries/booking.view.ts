import { BookingStatus, BookingView, bookingStatusLabel } from '@movie/contracts';
import { Booking } from '../domain/booking';

export function toBookingView(booking: Booking): BookingView {
  const { voidPending: _voidPending, ...props } = booking.snapshot();
  return {
    ...props,
    seat: props.seats.join(','),
    qty: props.seats.length,
    statusLabel: bookingStatusLabel[props.status as BookingStatus],
  };
}
