import { BookingStatus } from '@movie/contracts';
import { MyBooking } from './my-booking';

const bookingId = '7d0e0c36-8f5e-4d8e-9a43-0e8d2a5b9c11';
const customerId = 'customer-1';
const confirmed = {
  bookingId, customerId, movieId: 'movie-7', movieName: 'Dune', screeningId: 'screening-3', startsAt: '2026-05-02T19:30:00.000Z',
  seats: ['E7', 'E8'], qty: 2, totalPrice: 26000, paymentId: 'pay-1', bookedAt: '2026-05-01T10:01:00.000Z',
};
const cancelled = {
  bookingId, customerId, screeningId: 'screening-3', seats: ['E7', 'E8'], totalPrice: 26000, paymentId: 'pay-1',
  cancelledAt: '2026-05-01T10:09:00.000Z',
};
const printed = { ticketId: 'ticket-1', bookingId, customerId, printedAt: '2026-05-01T10:08:00.000Z' };

describe('MyBooking', () => {
  it('is pending while nothing says the booking stands', () => {
    const booking = MyBooking.unknown(bookingId);
    booking.approvePayment({ paymentId: 'pay-1', bookingId, customerId, amount: 26000, approvedAt: '2026-05-01T10:00:00.000Z' });
    expect(booking.status).toBe(BookingStatus.PENDING);
  });

  it('stays TICKET_PRINTED when the confirmation arrives after the print', () => {
    const booking = MyBooking.unknown(bookingId);
    booking.printTicket(printed);
    booking.confirm(confirmed);
    expect([booking.status, booking.statusLabel]).toEqual([BookingStatus.TICKET_PRINTED, 'ticket printed']);
  });

  it('stays CANCELLED when the confirmation arrives after the cancellation', () => {
    const booking = MyBooking.unknown(bookingId);
    booking.cancel(cancelled);
    booking.confirm(confirmed);
    expect(booking.status).toBe(BookingStatus.CANCELLED);
  });

  it('counts a voided ticket as a cancelled booking before the cancellation itself arrives', () => {
    const booking = MyBooking.unknown(bookingId);
    booking.confirm(confirmed);
    booking.voidTicket({ ticketId: 'ticket-1', bookingId, customerId, voidedAt: '2026-05-01T10:10:00.000Z' });
    expect(booking.status).toBe(BookingStatus.CANCELLED);
  });

  it('shows a refund with no booking behind it as released', () => {
    const booking = MyBooking.unknown(bookingId);
    booking.refundPayment({ paymentId: 'pay-1', bookingId, customerId, amount: 26000, reason: 'booking failed', refundedAt: '2026-05-01T10:02:00.000Z' });
    expect(booking.status).toBe(BookingStatus.RELEASED);
  });

  it('counts a refund for a cancellation as a cancelled booking before the cancellation itself arrives', () => {
    const booking = MyBooking.unknown(bookingId);
    booking.refundPayment({ paymentId: 'pay-1', bookingId, customerId, amount: 26000, reason: 'booking cancelled', refundedAt: '2026-05-01T10:10:00.000Z' });
    expect(booking.status).toBe(BookingStatus.CANCELLED);
  });

  it('takes what was booked from the confirmation even when a cancellation filled it first', () => {
    const booking = MyBooking.unknown(bookingId);
    booking.cancel({ ...cancelled, seats: ['E7'] });
    booking.confirm(confirmed);
    expect(booking.toFacts()).toMatchObject({ seats: ['E7', 'E8'], qty: 2, movieName: 'Dune' });
  });

  it('spans created and updated over the earliest and latest event, whatever order they came in', () => {
    const booking = MyBooking.unknown(bookingId);
    ['2026-05-01T10:05:00.000Z', '2026-05-01T10:00:00.000Z', '2026-05-01T10:09:00.000Z'].forEach((time) => booking.witness(time));
    expect(booking.toFacts()).toMatchObject({ createdAt: '2026-05-01T10:00:00.000Z', updatedAt: '2026-05-01T10:09:00.000Z' });
  });
});
