import { BookingStatus } from '@movie/contracts';
import { Booking } from './booking';

const start = () =>
  Booking.start({
    id: '6f1d1d4e-1d0a-4f57-9a57-5c9f3f0f4a11',
    customerId: 'c1',
    movieId: 'soul',
    movieName: 'soul',
    screeningId: 'soul-1',
    startsAt: '2030-01-01T10:00:00.000Z',
    seats: ['1A', '2B'],
    totalPrice: 10000,
  });

describe('Booking', () => {
  it('starts pending and is booked once payment approves it', () => {
    const booking = start();
    expect(booking.status).toBe(BookingStatus.PENDING);
    booking.confirm('pay-1');
    expect(booking.snapshot()).toMatchObject({ status: BookingStatus.BOOKED, paymentId: 'pay-1' });
  });

  it('is released when payment fails, remembering whether a charge must be voided', () => {
    const booking = start();
    booking.release(true);
    expect(booking.snapshot()).toMatchObject({ status: BookingStatus.RELEASED, voidPending: true });
    expect(() => booking.confirm('late')).toThrow('it is released');
  });

  it('can be cancelled before printing but not after', () => {
    const cancelled = start();
    cancelled.confirm('p');
    cancelled.cancel();
    expect(cancelled.status).toBe(BookingStatus.CANCELLED);
    expect(() => cancelled.markTicketPrinted()).toThrow(expect.objectContaining({ code: 'BOOKING_CANCELLED' }));

    const printed = start();
    printed.confirm('p');
    printed.markTicketPrinted();
    expect(printed.status).toBe(BookingStatus.TICKET_PRINTED);
    expect(() => printed.cancel()).toThrow(expect.objectContaining({ code: 'TICKET_ALREADY_PRINTED' }));
  });

  it('cannot be cancelled while payment is still pending', () => {
    expect(() => start().cancel()).toThrow(expect.objectContaining({ code: 'BOOKING_STATE_CONFLICT', kind: 'conflict' }));
  });
});
