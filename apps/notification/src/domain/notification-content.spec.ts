import { BookingStatus } from '@movie/contracts';
import { bookingEvents } from '../testing/booking-events';
import { notificationContent, NotifiedEventType } from './notification-content';

const contentOf = (type: NotifiedEventType) =>
  (notificationContent[type] as (payload: object) => ReturnType<(typeof notificationContent)[typeof type]>)(
    bookingEvents()[type].event.payload as object,
  );

describe('what the customer is told', () => {
  it.each([
    ['BookingConfirmed', 'booked', BookingStatus.BOOKED, 'Your booking for Soul, seats 1A 2B, is confirmed.'],
    ['PaymentApproved', 'payment_approved', null, 'Your payment of 26,000 is approved.'],
    ['TicketIssued', 'ticket_ready', null, 'Your ticket for Soul, seats 1A 2B, is ready to print at the cinema.'],
    ['TicketPrinted', 'ticket_printed', BookingStatus.TICKET_PRINTED, 'Your ticket is printed. Enjoy the movie!'],
    ['BookingCancelled', 'cancelled', BookingStatus.CANCELLED, 'Your booking for seats 1A 2B is cancelled.'],
    ['PaymentRefunded', 'refunded', null, 'Your payment of 26,000 is refunded.'],
    ['TicketVoided', 'ticket_voided', null, 'Your ticket is void because the booking was cancelled.'],
  ] as const)('tells of %s as %s with status %p', (type, kind, status, message) => {
    expect(contentOf(type)).toEqual({ kind, status, message });
  });

  it('says "seat" for a single seat', () => {
    const payload = { ...(bookingEvents().BookingConfirmed.event.payload as object), seats: ['C3'] };
    expect(notificationContent.BookingConfirmed(payload as never).message).toBe('Your booking for Soul, seat C3, is confirmed.');
  });

  it('never shows the payment provider\'s refund reason', () => {
    const payload = { ...(bookingEvents().PaymentRefunded.event.payload as object), reason: 'pg timeout 0x1f' };
    expect(notificationContent.PaymentRefunded(payload as never).message).not.toContain('0x1f');
  });
});
