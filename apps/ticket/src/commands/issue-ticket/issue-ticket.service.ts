import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BookingConfirmedV1, EventEnvelope, newId, Topics } from '@movie/contracts';
import { Outbox } from '@movie/messaging';
import { TicketRepository } from '../../database/ticket.repository';
import { Ticket } from '../../domain/ticket';
import { ticketIssued } from '../../domain/ticket.events';

export type IssueOutcome = 'issued' | 'already exists';

/** Whenever a booking is confirmed, a ticket waits for it at the cinema: one per booking. */
@Injectable()
export class IssueTicketService {
  private readonly logger = new Logger(IssueTicketService.name);

  constructor(
    private readonly tickets: TicketRepository,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Runs in the consumer's transaction, so the ticket and its event commit together. The ticket's
   * unique booking id makes a confirmation seen again, under any event id, issue nothing.
   */
  async handle(event: EventEnvelope<string, BookingConfirmedV1>, manager: EntityManager): Promise<IssueOutcome> {
    const booking = event.payload;
    const ticket = Ticket.issue({
      id: newId(),
      bookingId: booking.bookingId,
      customerId: booking.customerId,
      movieName: booking.movieName,
      startsAt: booking.startsAt,
      seats: booking.seats,
    });
    // Insert first: a booking almost never has a ticket yet, and its unique key says when it has.
    if (!(await this.tickets.insertOnce(manager, ticket))) {
      // A confirmation seen again, or one that arrived after the cancellation voided the booking's ticket.
      const existing = await this.tickets.findByBookingId(manager, booking.bookingId);
      this.logger.log(`booking ${booking.bookingId} already has ticket ${existing?.id} (${existing?.status}); none issued`);
      return 'already exists';
    }
    await this.outbox.append(manager, Topics.ticket, ticketIssued(ticket));
    return 'issued';
  }
}
