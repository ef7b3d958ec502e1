import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@movie/contracts';
import { ConsumeOutcome, EventConsumer, MessageController } from '@movie/messaging';
import { Notification } from '../../domain/notification';
import { NotificationChannels } from './notification-channels';
import { NotificationEventHandlers, NotifiedTopic } from './notification-event-handlers';

export const NOTIFICATION_CONSUMER = 'notification';

/** Every booking, payment and ticket event becomes one notification to its customer. */
@MessageController()
export class NotifyCustomerMessageController {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly handlers: NotificationEventHandlers,
    private readonly channels: NotificationChannels,
  ) {}

  @EventPattern(Topics.booking)
  onBookingEvent(@Payload() message: unknown): Promise<ConsumeOutcome> {
    return this.consume(Topics.booking, message);
  }

  @EventPattern(Topics.payment)
  onPaymentEvent(@Payload() message: unknown): Promise<ConsumeOutcome> {
    return this.consume(Topics.payment, message);
  }

  @EventPattern(Topics.ticket)
  onTicketEvent(@Payload() message: unknown): Promise<ConsumeOutcome> {
    return this.consume(Topics.ticket, message);
  }

  /** Announces what the handler recorded only once the consumer's transaction committed it. */
  private async consume(topic: NotifiedTopic, message: unknown): Promise<ConsumeOutcome> {
    const recorded: Notification[] = [];
    const outcome = await this.consumer.consume(NOTIFICATION_CONSUMER, topic, message, this.handlers.of(topic, (n) => recorded.push(n)));
    if (outcome === 'applied') this.channels.announce(recorded);
    return outcome;
  }
}
