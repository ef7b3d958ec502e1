import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import {
  BookingCancelledV1, BookingConfirmedV1, EventEnvelope, PaymentApprovedV1, PaymentRefundedV1, TicketIssuedV1,
  TicketPrintedV1, TicketVoidedV1, Topics,
} from '@movie/contracts';
import { MyBookingProjection } from './my-booking.projection';

/** The projection's history line applies each event once, so the consumer keeps no inbox row (`dedupes`). */
const on = <TPayload>(
  payload: new () => TPayload,
  handle: (event: EventEnvelope<string, TPayload>, manager: EntityManager) => Promise<boolean>,
) => ({ payload, handle, dedupes: true as const });

/**
 * The events my page reads, by topic and type, with the payload class each is validated
 * against. Live consumption and a rebuild route through this same map.
 */
@Injectable()
export class MypageEventHandlers {
  readonly topics = [Topics.booking, Topics.payment, Topics.ticket];

  readonly booking = {
    BookingConfirmed: on(BookingConfirmedV1, (event, manager) => this.projection.onBookingConfirmed(event, manager)),
    BookingCancelled: on(BookingCancelledV1, (event, manager) => this.projection.onBookingCancelled(event, manager)),
  };

  readonly payment = {
    PaymentApproved: on(PaymentApprovedV1, (event, manager) => this.projection.onPaymentApproved(event, manager)),
    PaymentRefunded: on(PaymentRefundedV1, (event, manager) => this.projection.onPaymentRefunded(event, manager)),
  };

  readonly ticket = {
    TicketIssued: on(TicketIssuedV1, (event, manager) => this.projection.onTicketIssued(event, manager)),
    TicketPrinted: on(TicketPrintedV1, (event, manager) => this.projection.onTicketPrinted(event, manager)),
    TicketVoided: on(TicketVoidedV1, (event, manager) => this.projection.onTicketVoided(event, manager)),
  };

  /** Every topic's handlers in one map; event types are unique across topics. */
  readonly all = { ...this.booking, ...this.payment, ...this.ticket };

  constructor(private readonly projection: MyBookingProjection) {}
}
