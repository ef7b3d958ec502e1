import { EventPattern, Payload } from '@nestjs/microservices';
import { BookingCancelledV1, BookingConfirmedV1, BookingTicketPrintedV1, Topics } from '@movie/contracts';
import { ConsumeOutcome, EventConsumer, MessageController, Outbox } from '@movie/messaging';
import { IssueTicketService } from './issue-ticket/issue-ticket.service';
import { PrintTicketService } from './print-ticket/print-ticket.service';
import { VoidTicketService } from './void-ticket/void-ticket.service';

/**
 * The ticket policies, fed by book's topic: a confirmed booking gets a ticket, a cancelled one
 * loses it, and one whose print book accepted has it printed. The consumer validates, dedupes and runs each event in one transaction: a
 * confirmation by the ticket's unique booking id, a cancellation by an inbox row, because a
 * cancellation applied again would log a printed ticket's conflict again.
 */
@MessageController()
export class BookingEventsMessageController {
  constructor(
    private readonly consumer: EventConsumer,
    private readonly outbox: Outbox,
    private readonly issue: IssueTicketService,
    private readonly voiding: VoidTicketService,
    private readonly printing: PrintTicketService,
  ) {}

  @EventPattern(Topics.booking)
  async onBookingEvent(@Payload() message: unknown): Promise<ConsumeOutcome> {
    const outcome = await this.consumer.consume('ticket', Topics.booking, message, {
      BookingConfirmed: { payload: BookingConfirmedV1, dedupes: true, handle: async (event, manager) => (await this.issue.handle(event, manager)) === 'issued' },
      BookingCancelled: { payload: BookingCancelledV1, handle: (event, manager) => this.voiding.handle(event, manager) },
      // Printing a printed ticket changes nothing, so the ticket's status dedupes it.
      BookingTicketPrinted: { payload: BookingTicketPrintedV1, dedupes: true, handle: (event, manager) => this.printing.completeFor(event.payload.bookingId, manager) },
    });
    // The handlers ran in the consumer's transaction; only now is their event committed.
    if (outcome === 'applied') this.outbox.notifyCommitted();
    return outcome;
  }
}
