import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@movie/contracts';
import { EventConsumer, MessageController } from '@movie/messaging';
import { MypageEventHandlers } from './mypage-event-handlers';

/** Feeds my page from the three topics; the consumer validates each event and runs it in a transaction. */
@MessageController()
export class MypageEventsMessageController {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly handlers: MypageEventHandlers,
  ) {}

  @EventPattern(Topics.booking)
  onBookingEvent(@Payload() message: unknown) {
    return this.consumer.consume('mypage', Topics.booking, message, this.handlers.booking);
  }

  @EventPattern(Topics.payment)
  onPaymentEvent(@Payload() message: unknown) {
    return this.consumer.consume('mypage', Topics.payment, message, this.handlers.payment);
  }

  @EventPattern(Topics.ticket)
  onTicketEvent(@Payload() message: unknown) {
    return this.consumer.consume('mypage', Topics.ticket, message, this.handlers.ticket);
  }
}
