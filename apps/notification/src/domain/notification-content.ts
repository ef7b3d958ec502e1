import type {
  BookingCancelledV1, BookingConfirmedV1, PaymentApprovedV1, PaymentRefundedV1, TicketIssuedV1, TicketPrintedV1,
  TicketVoidedV1,
} from '@movie/contracts';
import { BookingStatus } from '@movie/contracts';
import { NotificationContent } from './notification';

const seatList = (seats: string[]): string => seats.join(' ');
const amount = (value: number): string => value.toLocaleString('en-US');
const plural = (seats: string[]): string => (seats.length === 1 ? 'seat' : 'seats');

/**
 * What the customer is told for each event the notification service reads, keyed by
 * event type. Short sentences in the customer's terms; no ids, no internal reasons.
 */
export const notificationContent = {
  BookingConfirmed: (event: BookingConfirmedV1): NotificationContent => ({
    kind: 'booked',
    status: BookingStatus.BOOKED,
    message: `Your booking for ${event.movieName}, ${plural(event.seats)} ${seatList(event.seats)}, is confirmed.`,
  }),
  BookingCancelled: (event: BookingCancelledV1): NotificationContent => ({
    kind: 'cancelled',
    status: BookingStatus.CANCELLED,
    message: `Your booking for ${plural(event.seats)} ${seatList(event.seats)} is cancelled.`,
  }),
  PaymentApproved: (event: PaymentApprovedV1): NotificationContent => ({
    kind: 'payment_approved',
    status: null,
    message: `Your payment of ${amount(event.amount)} is approved.`,
  }),
  PaymentRefunded: (event: PaymentRefundedV1): NotificationContent => ({
    kind: 'refunded',
    status: null,
    message: `Your payment of ${amount(event.amount)} is refunded.`,
  }),
  TicketIssued: (event: TicketIssuedV1): NotificationContent => ({
    kind: 'ticket_ready',
    status: null,
    message: `Your ticket for ${event.movieName}, ${plural(event.seats)} ${seatList(event.seats)}, is ready to print at the cinema.`,
  }),
  TicketPrinted: (_event: TicketPrintedV1): NotificationContent => ({
    kind: 'ticket_printed',
    status: BookingStatus.TICKET_PRINTED,
    message: 'Your ticket is printed. Enjoy the movie!',
  }),
  TicketVoided: (_event: TicketVoidedV1): NotificationContent => ({
    kind: 'ticket_voided',
    status: null,
    message: 'Your ticket is void because the booking was cancelled.',
  }),
} as const;

export type NotifiedEventType = keyof typeof notificationContent;
