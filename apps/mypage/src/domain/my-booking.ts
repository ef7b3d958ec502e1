import {
  BookingCancelledV1, BookingConfirmedV1, BookingStatus, bookingStatusLabel, CANCELLATION_REFUND_REASON, PaymentApprovedV1,
  PaymentRefundedV1, TicketIssuedV1, TicketPrintedV1, TicketVoidedV1,
} from '@movie/contracts';

export type PaymentState = 'none' | 'approved' | 'refunded';
export type TicketState = 'none' | 'waiting' | 'printed' | 'voided';

/**
 * What my page knows about one booking, one fact per field. Events of one booking come from
 * three topics in any order, so nothing here depends on arrival order: each event records its
 * own facts, and status, payment state and ticket state are derived from all of them.
 */
export interface MyBookingFacts {
  bookingId: string;
  customerId: string | null;
  movieName: string | null;
  screeningId: string | null;
  startsAt: string | null;
  seats: string[];
  qty: number | null;
  totalPrice: number | null;
  bookedAt: string | null;
  cancelledAt: string | null;
  paymentId: string | null;
  paidAmount: number | null;
  approvedAt: string | null;
  refundedAmount: number | null;
  refundReason: string | null;
  refundedAt: string | null;
  ticketId: string | null;
  issuedAt: string | null;
  printedAt: string | null;
  voidedAt: string | null;
  /** Time of the earliest event applied, whatever the order they arrived in. */
  createdAt: string | null;
  /** Time of the latest event applied. */
  updatedAt: string | null;
}

export class MyBooking {
  private constructor(private readonly facts: MyBookingFacts) {}

  /** A booking of which nothing is known yet but its id. */
  static unknown(bookingId: string): MyBooking {
    return new MyBooking({
      bookingId, customerId: null, movieName: null, screeningId: null, startsAt: null, seats: [], qty: null,
      totalPrice: null, bookedAt: null, cancelledAt: null, paymentId: null, paidAmount: null, approvedAt: null,
      refundedAmount: null, refundReason: null, refundedAt: null, ticketId: null, issuedAt: null, printedAt: null,
      voidedAt: null, createdAt: null, updatedAt: null,
    });
  }

  static from(facts: MyBookingFacts): MyBooking {
    return new MyBooking({ ...facts, seats: [...facts.seats] });
  }

  toFacts(): MyBookingFacts {
    return { ...this.facts, seats: [...this.facts.seats] };
  }

  get bookingId(): string {
    return this.facts.bookingId;
  }

  /** Cancellation wins over a print (book lets only one happen); either wins over BOOKED. */
  get status(): BookingStatus {
    const { cancelledAt, voidedAt, printedAt, bookedAt, issuedAt, refundedAt, refundReason } = this.facts;
    // A ticket is voided, and a charge refunded for this reason, only for a cancelled booking;
    // a ticket is issued only for a confirmed one.
    if (cancelledAt || voidedAt || refundReason === CANCELLATION_REFUND_REASON) return BookingStatus.CANCELLED;
    if (printedAt) return BookingStatus.TICKET_PRINTED;
    if (bookedAt || issuedAt) return BookingStatus.BOOKED;
    // Any other refund is payment voiding the charge of a booking that never stood. Its reason,
    // not the absence of book's events (which may only be late), is what says so.
    if (refundedAt) return BookingStatus.RELEASED;
    return BookingStatus.PENDING;
  }

  get statusLabel(): string {
    return bookingStatusLabel[this.status];
  }

  get paymentState(): PaymentState {
    if (this.facts.refundedAt) return 'refunded';
    return this.facts.approvedAt ? 'approved' : 'none';
  }

  get ticketState(): TicketState {
    if (this.facts.voidedAt) return 'voided';
    if (this.facts.printedAt) return 'printed';
    return this.facts.issuedAt ? 'waiting' : 'none';
  }

  /** The confirmed booking is the authority on what was booked; other events only fill gaps. */
  confirm(booking: BookingConfirmedV1): void {
    Object.assign(this.facts, {
      customerId: booking.customerId, movieName: booking.movieName, screeningId: booking.screeningId,
      startsAt: booking.startsAt, seats: [...booking.seats], qty: booking.qty, totalPrice: booking.totalPrice,
      paymentId: booking.paymentId, bookedAt: booking.bookedAt,
    });
  }

  cancel(cancellation: BookingCancelledV1): void {
    this.fill('customerId', cancellation.customerId);
    this.fill('screeningId', cancellation.screeningId);
    this.fill('seats', [...cancellation.seats]);
    this.fill('totalPrice', cancellation.totalPrice);
    this.fill('paymentId', cancellation.paymentId);
    this.facts.cancelledAt = cancellation.cancelledAt;
  }

  approvePayment(payment: PaymentApprovedV1): void {
    this.fill('customerId', payment.customerId);
    this.fill('paymentId', payment.paymentId);
    this.facts.paidAmount = payment.amount;
    this.facts.approvedAt = payment.approvedAt;
  }

  refundPayment(refund: PaymentRefundedV1): void {
    this.fill('customerId', refund.customerId);
    this.fill('paymentId', refund.paymentId);
    this.facts.refundedAmount = refund.amount;
    this.facts.refundReason = refund.reason;
    this.facts.refundedAt = refund.refundedAt;
  }

  issueTicket(ticket: TicketIssuedV1): void {
    this.fill('customerId', ticket.customerId);
    this.fill('movieName', ticket.movieName);
    this.fill('seats', [...ticket.seats]);
    this.fill('ticketId', ticket.ticketId);
    this.facts.issuedAt = ticket.issuedAt;
  }

  printTicket(ticket: TicketPrintedV1): void {
    this.fill('customerId', ticket.customerId);
    this.fill('ticketId', ticket.ticketId);
    this.facts.printedAt = ticket.printedAt;
  }

  voidTicket(ticket: TicketVoidedV1): void {
    this.fill('customerId', ticket.customerId);
    this.fill('ticketId', ticket.ticketId);
    this.facts.voidedAt = ticket.voidedAt;
  }

  /** Widens the created/updated window to include an event's time. */
  witness(occurredAt: string): void {
    const { createdAt, updatedAt } = this.facts;
    if (createdAt === null || occurredAt < createdAt) this.facts.createdAt = occurredAt;
    if (updatedAt === null || occurredAt > updatedAt) this.facts.updatedAt = occurredAt;
  }

  /** Sets a field still unknown; in a real stream every event agrees on it, so order does not matter. */
  private fill<K extends keyof MyBookingFacts>(field: K, value: MyBookingFacts[K] | undefined): void {
    const current = this.facts[field];
    const unknown = current === null || (Array.isArray(current) && current.length === 0);
    if (unknown && value !== undefined && value !== null) this.facts[field] = value;
  }
}
