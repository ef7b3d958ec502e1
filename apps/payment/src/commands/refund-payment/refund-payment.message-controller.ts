import { EventPattern, Payload } from '@nestjs/microservices';
import { BookingCancelledV1, BookingEventTypes, CANCELLATION_REFUND_REASON, Topics } from '@movie/contracts';
import { ConsumeOutcome, EventConsumer, EventHandlers, MessageController, Outbox } from '@movie/messaging';
import { RefundPaymentService } from './refund-payment.service';

export const PAYMENT_CONSUMER = 'payment';

/** A cancelled booking gets its money back; the refund commits with the record that the event was applied. */
@MessageController()
export class RefundPaymentMessageController {
  private readonly handlers: EventHandlers = {
    [BookingEventTypes.BookingCancelled.type]: {
      payload: BookingCancelledV1,
      handle: (event: { payload: BookingCancelledV1 }, manager) =>
        this.refunds.refund(event.payload.bookingId, CANCELLATION_REFUND_REASON, manager),
    },
  };

  constructor(
    private readonly consumer: EventConsumer,
    private readonly refunds: RefundPaymentService,
    private readonly outbox: Outbox,
  ) {}

  @EventPattern(Topics.booking)
  async onBookingEvent(@Payload() message: unknown): Promise<ConsumeOutcome> {
    const outcome = await this.consumer.consume(PAYMENT_CONSUMER, Topics.booking, message, this.handlers);
    if (outcome === 'applied') this.outbox.notifyCommitted();
    return outcome;
  }
}
