import {
  BookingCancelledV1, BookingConfirmedV1, PaymentApprovedV1, PaymentRefundedV1, TicketIssuedV1, TicketPrintedV1,
  TicketVoidedV1,
} from '@movie/contracts';
import { HISTORY_LINE_MAX } from '../database/booking-history.orm-entity';

const seatList = (seats: string[]): string => `${seats.length} seat${seats.length === 1 ? '' : 's'} (${seats.join(', ')})`;

const clip = (line: string): string => (line.length <= HISTORY_LINE_MAX ? line : `${line.slice(0, HISTORY_LINE_MAX - 1)}…`);

/** One short line per event, as the customer reads it in the booking's history. */
export const historyLine = {
  bookingConfirmed: (b: BookingConfirmedV1) => clip(`Booked ${seatList(b.seats)} for ${b.movieName}, total ${b.totalPrice}`),
  bookingCancelled: (b: BookingCancelledV1) => clip(`Booking cancelled, ${seatList(b.seats)} released`),
  paymentApproved: (p: PaymentApprovedV1) => clip(`Payment ${p.paymentId} approved for ${p.amount}`),
  paymentRefunded: (p: PaymentRefundedV1) => clip(`Refunded ${p.amount} on payment ${p.paymentId}: ${p.reason}`),
  ticketIssued: (t: TicketIssuedV1) => clip(`Ticket ${t.ticketId} issued, waiting to be printed at the cinema`),
  ticketPrinted: (t: TicketPrintedV1) => clip(`Ticket ${t.ticketId} printed`),
  ticketVoided: (t: TicketVoidedV1) => clip(`Ticket ${t.ticketId} voided`),
};
