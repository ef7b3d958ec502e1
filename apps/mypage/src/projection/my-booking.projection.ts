import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  BookingCancelledV1, BookingConfirmedV1, EventEnvelope, PaymentApprovedV1, PaymentRefundedV1, TicketIssuedV1,
  TicketPrintedV1, TicketVoidedV1,
} from '@movie/contracts';
import { BookingHistoryRepository } from '../database/booking-history.repository';
import { MyBookingRepository } from '../database/my-booking.repository';
import { MyBooking } from '../domain/my-booking';
import { historyLine } from './history-description';

type Event<TPayload> = EventEnvelope<string, TPayload>;

/**
 * Applies one event to my page inside the caller's transaction: the booking's facts and one
 * history line. Knows nothing of the transport, so live consumption and a rebuild share it.
 */
@Injectable()
export class MyBookingProjection {
  constructor(
    private readonly bookings: MyBookingRepository,
    private readonly history: BookingHistoryRepository,
  ) {}

  onBookingConfirmed(event: Event<BookingConfirmedV1>, manager: EntityManager): Promise<boolean> {
    return this.apply(manager, event, (booking) => booking.confirm(event.payload), historyLine.bookingConfirmed(event.payload));
  }

  onBookingCancelled(event: Event<BookingCancelledV1>, manager: EntityManager): Promise<boolean> {
    return this.apply(manager, event, (booking) => booking.cancel(event.payload), historyLine.bookingCancelled(event.payload));
  }

  onPaymentApproved(event: Event<PaymentApprovedV1>, manager: EntityManager): Promise<boolean> {
    return this.apply(manager, event, (booking) => booking.approvePayment(event.payload), historyLine.paymentApproved(event.payload));
  }

  onPaymentRefunded(event: Event<PaymentRefundedV1>, manager: EntityManager): Promise<boolean> {
    return this.apply(manager, event, (booking) => booking.refundPayment(event.payload), historyLine.paymentRefunded(event.payload));
  }

  onTicketIssued(event: Event<TicketIssuedV1>, manager: EntityManager): Promise<boolean> {
    return this.apply(manager, event, (booking) => booking.issueTicket(event.payload), historyLine.ticketIssued(event.payload));
  }

  onTicketPrinted(event: Event<TicketPrintedV1>, manager: EntityManager): Promise<boolean> {
    return this.apply(manager, event, (booking) => booking.printTicket(event.payload), historyLine.ticketPrinted(event.payload));
  }

  onTicketVoided(event: Event<TicketVoidedV1>, manager: EntityManager): Promise<boolean> {
    return this.apply(manager, event, (booking) => booking.voidTicket(event.payload), historyLine.ticketVoided(event.payload));
  }

  /** False when the event was applied before: its history line is there already. */
  private async apply(
    manager: EntityManager,
    event: Event<{ bookingId: string }>,
    change: (booking: MyBooking) => void,
    description: string,
  ): Promise<boolean> {
    const booking = await this.bookings.loadForChange(manager, event.payload.bookingId);
    const occurredAt = new Date(event.occurredAt).toISOString();
    // The history line, keyed by the event's id, is what applies each event once, live and in a
    // rebuild alike (so the consumer keeps no inbox row for my page): written under the booking's
    // lock, before the change, it refuses an event applied already with no look-up of its own.
    const first = await this.history.appendOnce(manager, {
      eventId: event.id, bookingId: booking.bookingId, type: event.type, occurredAt, description,
    });
    if (!first) return false;
    change(booking);
    booking.witness(occurredAt);
    await this.bookings.save(manager, booking);
    return true;
  }
}
